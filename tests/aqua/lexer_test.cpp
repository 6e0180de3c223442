// Lexer rules: tokens, comments, line joining inside brackets, indentation blocks (aqua.md §1).
#include <gtest/gtest.h>

#include "lexer.h"

namespace fluence::aqua {
namespace {

struct Lexed {
  std::vector<SourceFile> files;
  DiagnosticSink diags{&files};
  std::vector<std::unique_ptr<Line>> lines;
  explicit Lexed(const std::string& text) {
    files.emplace_back("t.aqua", text);
    lines = lex_file(files[0], 0, diags);
  }
};

std::vector<Tok> kinds(const Line& l) {
  std::vector<Tok> out;
  for (const auto& t : l.toks) out.push_back(t.kind);
  return out;
}

TEST(AquaLexer, CommentRunsToEndOfLine) {
  Lexed x("aqua A -- comment <- here\n");
  ASSERT_EQ(x.lines.size(), 1u);
  EXPECT_EQ(kinds(*x.lines[0]), (std::vector<Tok>{Tok::kLower, Tok::kUpper, Tok::kEnd}));
}

TEST(AquaLexer, OperatorsAreLongestMatch) {
  Lexed x("a <<- b <- c -> d == e != f <= g >= h && i || j ** k\n");
  EXPECT_EQ(kinds(*x.lines[0]),
            (std::vector<Tok>{Tok::kLower, Tok::kPush, Tok::kLower, Tok::kLArrow, Tok::kLower, Tok::kRArrow, Tok::kLower, Tok::kEq,
                              Tok::kLower, Tok::kNe, Tok::kLower, Tok::kLe, Tok::kLower, Tok::kGe, Tok::kLower, Tok::kAnd,
                              Tok::kLower, Tok::kOr, Tok::kLower, Tok::kPow, Tok::kLower, Tok::kEnd}));
}

TEST(AquaLexer, CollectionOpeners) {
  Lexed x("x = ?[a] *[b] [c]\n");
  auto k = kinds(*x.lines[0]);
  EXPECT_EQ(k[2], Tok::kOptBracket);
  EXPECT_EQ(k[5], Tok::kStreamBracket);
  EXPECT_EQ(k[8], Tok::kLBracket);
}

TEST(AquaLexer, StringsHaveNoEscapes) {
  Lexed x("x = \"a\\b\"\n");
  EXPECT_EQ(x.lines[0]->toks[2].text, "\"a\\b\"");
  EXPECT_FALSE(x.diags.has_errors());
}

TEST(AquaLexer, NumbersAndFloats) {
  Lexed x("x = 12 3.5\n");
  EXPECT_EQ(x.lines[0]->toks[2].kind, Tok::kInt);
  EXPECT_EQ(x.lines[0]->toks[3].kind, Tok::kFloat);
  EXPECT_EQ(x.lines[0]->toks[3].text, "3.5");
}

TEST(AquaLexer, BracketsJoinLines) {
  Lexed x("f(\n  a, -- c\n  b\n)\n");
  ASSERT_EQ(x.lines.size(), 1u);
  EXPECT_EQ(x.lines[0]->toks.size(), 7u);  // f ( a , b ) end
}

TEST(AquaLexer, TrailingCommaJoinsLines) {
  Lexed x("export a,\n  b\n");
  ASSERT_EQ(x.lines.size(), 1u);
}

TEST(AquaLexer, LineEndsCrLfAndLfCr) {
  Lexed x("aqua A\r\nexport a\n\rconst X = 1\n");
  ASSERT_EQ(x.lines.size(), 3u);
  EXPECT_EQ(x.lines[2]->pos.line, 3u);
}

TEST(AquaLexer, HeaderNestsDeeperLines) {
  Lexed x("func f():\n  a = 1\n  if b:\n    c()\n  d()\n");
  ASSERT_EQ(x.lines.size(), 1u);
  ASSERT_EQ(x.lines[0]->children.size(), 3u);
  EXPECT_EQ(x.lines[0]->children[1]->children.size(), 1u);
}

TEST(AquaLexer, EmptyAndCommentLinesAreIgnoredInBlocks) {
  Lexed x("func f():\n  a = 1\n\n  -- note\n  b = 2\n");
  ASSERT_EQ(x.lines[0]->children.size(), 2u);
  EXPECT_FALSE(x.diags.has_errors());
}

TEST(AquaLexer, PositionsAreOneBased) {
  Lexed x("aqua A\n  \nfunc  f():\n  x()\n");
  EXPECT_EQ(x.lines[1]->toks[1].pos.line, 3u);
  EXPECT_EQ(x.lines[1]->toks[1].pos.col, 7u);
}

TEST(AquaLexer, TopAndBottomTypes) {
  Lexed x("alias T: \xE2\x8A\xA4\nalias B: \xE2\x8A\xA5\n");
  EXPECT_EQ(x.lines[0]->toks[3].kind, Tok::kTop);
  EXPECT_EQ(x.lines[1]->toks[3].kind, Tok::kBottom);
}

}  // namespace
}  // namespace fluence::aqua
