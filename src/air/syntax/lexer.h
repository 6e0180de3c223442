// AirLexer: splits AIR text into tokens and classifies words (keywords, constants, numbers,
// variables with their lenses) exactly as AquaVM 0.62's lexer does (spec air.md §4.1-§4.2).
// Internal to fluence_air_syntax.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fluence/air/syntax/arena.h"
#include "fluence/air/syntax/ast.h"

namespace fluence::air {

enum class TokenKind : uint8_t {
  kEnd,
  kOpenRound,
  kCloseRound,
  kOpenSquare,
  kCloseSquare,
  kLiteral,     // "..."  (text = content)
  kKeyword,     // keyword
  kInitPeerId,
  kLastError,   // lens may be set
  kError,       // lens may be set
  kTimestamp,
  kTtl,
  kBool,
  kInt,
  kFloat,
  kVariable,    // var_kind, text = name, lens may be set
};

enum class Keyword : uint8_t {
  kCall, kCanon, kAp, kSeq, kPar, kFail, kFold, kXor, kNever, kNew, kNext, kNull, kMatch,
  kMismatch,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Keyword keyword = Keyword::kNull;
  VarKind var_kind = VarKind::kScalar;
  bool boolean = false;
  Pos left = 0;
  Pos right = 0;
  int64_t integer = 0;
  double floating = 0;
  std::string_view text;
  const Lens* lens = nullptr;
};

// A lexical error: span and the reference's message.
struct LexError {
  Pos left = 0;
  Pos right = 0;
  std::string message;
};

class AirLexer {
 public:
  // `text` must be valid UTF-8 and outlive the lexer; lenses are allocated in `arena`.
  AirLexer(std::string_view text, AstArena& arena) : text_(text), arena_(arena) {}

  // The next token; false (with `error` set) on a lexical error.
  bool next(Token& token, LexError& error);

  // Offset just past the last token returned (where "end of input" errors point).
  Pos last_end() const { return last_end_; }

 private:
  bool classify_word(Pos start, Pos end, Token& token, LexError& error);
  bool lex_variable_or_number(Pos start, Pos end, Token& token, LexError& error);
  bool parse_lens(Pos start, Pos end, const Lens*& lens, LexError& error);

  std::string_view text_;
  AstArena& arena_;
  size_t pos_ = 0;
  Pos last_end_ = 0;
};

// Rust's char::is_whitespace / char::is_alphanumeric / char::is_numeric on a code point.
bool is_unicode_whitespace(uint32_t cp);
bool is_unicode_alphanumeric(uint32_t cp);
bool is_unicode_numeric(uint32_t cp);

// Decodes the UTF-8 code point at `pos` (input already validated); sets `len` to its length.
uint32_t decode_utf8(std::string_view text, size_t pos, size_t& len);

// True when `text` is valid UTF-8 (what Rust's &str guarantees the reference).
bool is_valid_utf8(std::string_view text);

}  // namespace fluence::air
