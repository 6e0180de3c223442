// The recorded reference corpus: tests/air/syntax/corpus/NAME.air with NAME.expected holding what
// AquaVM 0.62's `ast` export returned for it (recorded by reference_ast.mjs --write).
#include <gtest/gtest.h>

#include "corpus_util.h"

namespace fluence::air::test {
namespace {

TEST(ReferenceCorpus, AcceptsExactlyWhatTheReferenceAcceptsWithTheSameAst) {
  size_t checked = 0;
  for (const auto& path : corpus_scripts()) {
    std::filesystem::path expected_path = path;
    expected_path.replace_extension(".expected");
    if (!std::filesystem::exists(expected_path)) continue;
    const std::string expected = read_file(expected_path);
    const std::string script = read_file(path);
    ParseResult r = parse_air(script);
    const bool reference_ok = !expected.starts_with("error");
    ASSERT_EQ(r.ok(), reference_ok) << path.filename() << "\n" << r.error_text;
    if (reference_ok) {
      EXPECT_EQ(ast_to_json(r.script->root()), expected) << path.filename();
    }
    ++checked;
  }
  EXPECT_GT(checked, 200u);
}

TEST(ReferenceCorpus, ParseErrorLabelsAppearInTheReferenceDiagnostic) {
  for (const auto& path : corpus_scripts()) {
    std::filesystem::path expected_path = path;
    expected_path.replace_extension(".expected");
    if (!std::filesystem::exists(expected_path)) continue;
    const std::string expected = read_file(expected_path);
    if (!expected.starts_with("error")) continue;
    ParseResult r = parse_air(read_file(path));
    ASSERT_FALSE(r.ok()) << path.filename();
    for (const auto& d : r.diagnostics) {
      EXPECT_NE(expected.find(d.message), std::string::npos)
          << path.filename() << ": our label \"" << d.message << "\" is not in\n" << expected;
    }
  }
}

TEST(ReferenceCorpus, ParseErrorTextIsByteExactExceptKnownDeviations) {
  for (const auto& path : corpus_scripts()) {
    std::filesystem::path expected_path = path;
    expected_path.replace_extension(".expected");
    if (!std::filesystem::exists(expected_path)) continue;
    const std::string expected = read_file(expected_path);
    if (!expected.starts_with("error")) continue;
    const std::string name = path.filename().string();
    const std::string ours = our_output(read_file(path));
    if (known_text_deviation(name)) {
      EXPECT_NE(ours, expected) << name << " now matches: remove it from the deviation list";
    } else {
      EXPECT_EQ(ours, expected) << name;
    }
  }
}

}  // namespace
}  // namespace fluence::air::test
