// Canonical instruction text (spec air.md §4.5), checked against the `instruction` field the
// reference put into error objects (instruction_text/NAME.expected, recorded by
// record_instruction_text.sh), plus the rules the recordings cannot show directly.
#include <gtest/gtest.h>

#include "corpus_util.h"
#include "fluence/air/syntax/instruction_text.h"

namespace fluence::air::test {
namespace {

// The failing instruction of a recorded script: the left branch of its first xor.
const Instruction* failing_instruction(const Instruction& root) {
  std::vector<const Instruction*> todo{&root};
  while (!todo.empty()) {
    const Instruction* i = todo.back();
    todo.pop_back();
    if (const auto* x = i->get_if<Xor>()) return x->left;
    if (const auto* s = i->get_if<Seq>()) {
      todo.push_back(s->right);
      todo.push_back(s->left);
    }
  }
  return nullptr;
}

std::string text_of(const std::string& script) {
  ParseResult r = parse_air(script);
  EXPECT_TRUE(r.ok()) << r.error_text;
  if (!r.ok()) return {};
  return instruction_text(r.script->root());
}

TEST(InstructionText, MatchesTheReferenceErrorObjects) {
  const auto dir = std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests/air/syntax/instruction_text";
  size_t checked = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".air") continue;
    auto expected_path = e.path();
    expected_path.replace_extension(".expected");
    ParseResult r = parse_air(read_file(e.path()));
    ASSERT_TRUE(r.ok()) << e.path() << r.error_text;
    const Instruction* failing = failing_instruction(r.script->root());
    ASSERT_NE(failing, nullptr) << e.path();
    EXPECT_EQ(instruction_text(*failing), read_file(expected_path)) << e.path().filename();
    ++checked;
  }
  EXPECT_GE(checked, 30u);
}

TEST(InstructionText, CallWithoutOutputEndsWithSpace) {
  EXPECT_EQ(text_of(R"((call "p" ("s" "f") []))"), R"(call "p" ("s" "f") [] )");
}

TEST(InstructionText, ArgumentsSeparatedByOneSpace) {
  EXPECT_EQ(text_of("(call \"p\"  (\"s\"\n\"f\")  [ 1\t2   \"a\" ]  $o)"), R"(call "p" ("s" "f") [1 2 "a"] $o)");
}

TEST(InstructionText, LiteralsAreNotEscaped) {
  EXPECT_EQ(text_of("(call \"p\" (\"s\" \"f\") [\"a\\b\nc\"] o)"), "call \"p\" (\"s\" \"f\") [\"a\\b\nc\"] o");
}

TEST(InstructionText, FloatsUseRustDisplay) {
  EXPECT_EQ(text_of("(match 1.0 -0.0 (null))"), "match 1 -0");
  EXPECT_EQ(text_of("(match 0.00000001 12345678.9 (null))"), "match 0.00000001 12345678.9");
}

TEST(InstructionText, LensIsCanonicalWithoutFlatteningMark) {
  EXPECT_EQ(text_of("(seq (ap 1 x) (ap x.$[0].a! y))"), "seq");
  ParseResult r = parse_air("(seq (ap 1 x) (ap x.$[0].a! y))");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(instruction_text(*r.script->root().as<Seq>().right), "ap x.$.[0].a y");
}

TEST(InstructionText, CompositeInstructionsAreTheirKeyword) {
  EXPECT_EQ(text_of("(seq (null) (never))"), "seq");
  EXPECT_EQ(text_of("(par (null) (null))"), "par");
  EXPECT_EQ(text_of("(xor (null) (null))"), "xor");
  EXPECT_EQ(text_of("(null)"), "null");
  EXPECT_EQ(text_of("(never)"), "never");
}

TEST(InstructionText, NewAndNextNameTheirVariable) {
  EXPECT_EQ(text_of("(new $s (null))"), "new $s");
  ParseResult r = parse_air("(fold [] i (next i))");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(instruction_text(r.script->root()), "fold [] i");
  EXPECT_EQ(instruction_text(*r.script->root().as<FoldScalar>().body), "next i");
}

TEST(InstructionText, FailErrorForms) {
  EXPECT_EQ(text_of("(fail %last_error%)"), "fail %last_error%");
  EXPECT_EQ(text_of("(fail :error:)"), "fail :error:");
}

}  // namespace
}  // namespace fluence::air::test
