// Aqua lexer: splits a file into logical lines (physical lines joined while brackets are open
// or a line ends in ',' or a binary operator), tokenizes them, and nests them into blocks by
// the indentation rules of aqua.md §1.2 (indentation compared as strings).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "fluence/aqua/diagnostics.h"

namespace fluence::aqua {

enum class Tok {
  kLower, kUpper, kString, kInt, kFloat, kLParen, kRParen, kLBracket, kRBracket, kLBrace, kRBrace,
  kOptBracket, kStreamBracket, kComma, kColon, kDot, kAssign, kQAssign, kLArrow, kPush, kRArrow,
  kBang, kQuestion, kStar, kPow, kSlash, kPercent, kPlus, kMinus, kLt, kGt, kLe, kGe, kEq, kNe,
  kAnd, kOr, kInitPeer, kTop, kBottom, kEnd
};

const char* tok_name(Tok t);

struct Token {
  Tok kind = Tok::kEnd;
  bool space_before = false;
  Pos pos;
  std::string_view text;
};

// One logical line with the lines nested under it (when it is a block header).
struct Line {
  std::string_view indent;
  Pos pos;  // of the first token
  std::vector<Token> toks;  // always ends with kEnd
  std::vector<std::unique_ptr<Line>> children;
  bool is_header() const { return toks.size() >= 2 && toks[toks.size() - 2].kind == Tok::kColon; }
};

// Top-level lines of a file (children nested); problems go to `diags`.
std::vector<std::unique_ptr<Line>> lex_file(const SourceFile& file, int32_t file_index, DiagnosticSink& diags);

}  // namespace fluence::aqua
