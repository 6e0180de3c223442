// Aqua semantic types (aqua.md §3) and the subtyping relation. Types live in a TypePool for
// the whole compilation and are compared by structure.
#pragma once

#include <deque>
#include <string>
#include <vector>

namespace fluence::aqua {

struct Type {
  enum Kind {
    kError,  // after a reported error: compatible with everything, silences cascades
    kU8, kU16, kU32, kU64, kI8, kI16, kI32, kI64, kF32, kF64, kBool, kString,
    kLitUnsigned, kLitSigned, kLitFloat,  // numeric literal types
    kBottom, kTop, kArray, kOption, kStream, kStruct, kArrow, kService, kAbility,
  } kind = kError;
  const Type* elem = nullptr;  // collections
  std::string name;            // struct/service/ability
  std::vector<std::string> field_names;  // struct/service/ability fields; arrow parameter names
  std::vector<const Type*> fields;       // struct/service/ability field types; arrow parameter types
  std::vector<const Type*> results;      // arrow results
  std::vector<const Type*> abilities;    // arrow ability parameters

  bool is_scalar() const { return kind >= kU8 && kind <= kLitFloat; }
  bool is_number() const { return (kind >= kU8 && kind <= kF64) || (kind >= kLitUnsigned && kind <= kLitFloat); }
  bool is_integer() const { return (kind >= kU8 && kind <= kI64) || kind == kLitUnsigned || kind == kLitSigned; }
  bool is_float() const { return kind == kF32 || kind == kF64 || kind == kLitFloat; }
  bool is_collection() const { return kind == kArray || kind == kOption || kind == kStream; }
  bool is_data() const;  // may be an element of a collection / a struct field
  const Type* field(const std::string& n) const;
};

class TypePool {
 public:
  TypePool();
  const Type* error() const { return &scalars_[0]; }
  const Type* scalar(Type::Kind k) const { return &scalars_[k]; }
  const Type* bottom() const { return scalar(Type::kBottom); }
  const Type* top() const { return scalar(Type::kTop); }
  const Type* array(const Type* e) { return wrap(Type::kArray, e); }
  const Type* option(const Type* e) { return wrap(Type::kOption, e); }
  const Type* stream(const Type* e) { return wrap(Type::kStream, e); }
  Type* make() { return &owned_.emplace_back(); }
  // Named scalar types: "u8" … "string"; null when not a scalar name.
  const Type* scalar_by_name(const std::string& n) const;

 private:
  const Type* wrap(Type::Kind k, const Type* e);
  std::vector<Type> scalars_;
  std::deque<Type> owned_;
};

// expected accepts a value of type given (given <: expected).
bool accepts(const Type* expected, const Type* given);
// Human readable type text, as in the reference's messages.
std::string type_text(const Type* t);
// The type as aqua-api's type definition JSON ({"tag": "scalar", "name": "u32"}, ...).
std::string type_def_json(const Type* t);
// The smallest integer/float type that accepts both, or null.
const Type* numeric_union(const TypePool& pool, const Type* a, const Type* b);

}  // namespace fluence::aqua
