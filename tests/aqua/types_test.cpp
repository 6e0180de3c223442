// Subtyping rules of aqua.md §3.
#include <gtest/gtest.h>

#include "types.h"

namespace fluence::aqua {
namespace {

TEST(AquaTypes, NumericSubtypingTable) {
  TypePool p;
  auto T = [&](Type::Kind k) { return p.scalar(k); };
  EXPECT_TRUE(accepts(T(Type::kU16), T(Type::kU8)));
  EXPECT_TRUE(accepts(T(Type::kI64), T(Type::kU64)));
  EXPECT_FALSE(accepts(T(Type::kF64), T(Type::kU64)));
  EXPECT_FALSE(accepts(T(Type::kF32), T(Type::kU32)));
  EXPECT_TRUE(accepts(T(Type::kF64), T(Type::kU32)));
  EXPECT_FALSE(accepts(T(Type::kU32), T(Type::kI8)));
  EXPECT_FALSE(accepts(T(Type::kU8), T(Type::kU16)));
  EXPECT_FALSE(accepts(T(Type::kString), T(Type::kBool)));
}

TEST(AquaTypes, LiteralTypes) {
  TypePool p;
  EXPECT_TRUE(accepts(p.scalar(Type::kU8), p.scalar(Type::kLitUnsigned)));
  EXPECT_FALSE(accepts(p.scalar(Type::kU8), p.scalar(Type::kLitSigned)));
  EXPECT_TRUE(accepts(p.scalar(Type::kI8), p.scalar(Type::kLitSigned)));
  EXPECT_TRUE(accepts(p.scalar(Type::kF32), p.scalar(Type::kLitFloat)));
  EXPECT_FALSE(accepts(p.scalar(Type::kI64), p.scalar(Type::kLitFloat)));
}

TEST(AquaTypes, CollectionVariance) {
  TypePool p;
  const Type* s = p.scalar(Type::kString);
  EXPECT_TRUE(accepts(p.array(s), p.stream(s)));
  EXPECT_TRUE(accepts(p.option(s), p.array(s)));
  EXPECT_TRUE(accepts(p.array(s), p.option(s)));
  EXPECT_FALSE(accepts(p.stream(s), p.array(s)));
  EXPECT_TRUE(accepts(p.array(p.scalar(Type::kU64)), p.array(p.scalar(Type::kU8))));
  EXPECT_TRUE(accepts(p.option(s), p.option(p.bottom())));
}

TEST(AquaTypes, StructuralStructs) {
  TypePool p;
  Type* a = p.make();
  a->kind = Type::kStruct;
  a->name = "A";
  a->field_names = {"x"};
  a->fields = {p.scalar(Type::kU32)};
  Type* b = p.make();
  b->kind = Type::kStruct;
  b->name = "B";
  b->field_names = {"x", "y"};
  b->fields = {p.scalar(Type::kU8), p.scalar(Type::kString)};
  EXPECT_TRUE(accepts(a, b));
  EXPECT_FALSE(accepts(b, a));
}

TEST(AquaTypes, ArrowsContravariantInArguments) {
  TypePool p;
  Type* wide = p.make();
  wide->kind = Type::kArrow;
  wide->fields = {p.scalar(Type::kU64)};
  wide->results = {p.scalar(Type::kU8)};
  Type* narrow = p.make();
  narrow->kind = Type::kArrow;
  narrow->fields = {p.scalar(Type::kU8)};
  narrow->results = {p.scalar(Type::kU64)};
  EXPECT_TRUE(accepts(narrow, wide));
  EXPECT_FALSE(accepts(wide, narrow));
}

TEST(AquaTypes, TypeText) {
  TypePool p;
  Type* a = p.make();
  a->kind = Type::kArrow;
  a->fields = {p.scalar(Type::kString), p.scalar(Type::kU32)};
  EXPECT_EQ(type_text(a), "string, u32 -> ()");
  EXPECT_EQ(type_text(p.array(p.option(p.scalar(Type::kBool)))), "[]?bool");
}

TEST(AquaTypes, NumericUnion) {
  TypePool p;
  EXPECT_EQ(numeric_union(p, p.scalar(Type::kU8), p.scalar(Type::kU16))->kind, Type::kU16);
  EXPECT_EQ(numeric_union(p, p.scalar(Type::kU8), p.scalar(Type::kI8))->kind, Type::kI16);
  EXPECT_EQ(numeric_union(p, p.scalar(Type::kU64), p.scalar(Type::kI64)), nullptr);
  EXPECT_EQ(numeric_union(p, p.scalar(Type::kI32), p.scalar(Type::kLitUnsigned))->kind, Type::kI32);
}

}  // namespace
}  // namespace fluence::aqua
