// `fluence air fmt` output: indentation by nesting, and a round trip to the same AST.
#include <gtest/gtest.h>

#include <regex>

#include "corpus_util.h"
#include "fluence/air/syntax/formatter.h"

namespace fluence::air::test {
namespace {

// AST JSON without positions and spans, which formatting moves.
std::string shape(const Instruction& root) {
  static const std::regex kPositions(R"(,"position":\d+|,"span":\{"left":\d+,"right":\d+\})");
  return std::regex_replace(ast_to_json(root), kPositions, "");
}

TEST(Formatter, IndentsChildrenByNesting) {
  ParseResult r = parse_air("(seq (call \"p\" (\"s\" \"f\") [] x) (fold x i (next i) (null)))");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(format_air(r.script->root()),
            "(seq\n"
            "  (call \"p\" (\"s\" \"f\") [] x)\n"
            "  (fold x i\n"
            "    (next i)\n"
            "    (null)\n"
            "  )\n"
            ")\n");
  EXPECT_EQ(format_air(r.script->root(), {1}).substr(0, 7), "(seq\n (");
}

TEST(Formatter, KeepsNumbersAsWritten) {
  ParseResult r = parse_air("(match 1.0 +5 (null))");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(format_air(r.script->root()), "(match 1.0 +5\n  (null)\n)\n");
}

TEST(Formatter, RoundTripsEveryAcceptedCorpusScript) {
  size_t checked = 0;
  for (const auto& path : corpus_scripts()) {
    ParseResult r = parse_air(read_file(path));
    if (!r.ok()) continue;
    const std::string formatted = format_air(r.script->root());
    ParseResult again = parse_air(formatted);
    ASSERT_TRUE(again.ok()) << path.filename() << "\n" << formatted << again.error_text;
    EXPECT_EQ(shape(again.script->root()), shape(r.script->root())) << path.filename();
    EXPECT_EQ(format_air(again.script->root()), formatted) << path.filename();
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

}  // namespace
}  // namespace fluence::air::test
