// AirLexer: splits AIR text into tokens and classifies words (keywords, constants, numbers,
// variables with their lenses) exactly as AquaVM 0.62's lexer does (spec air.md §4.1-§4.2).
// Internal to fluence_air_syntax.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/syntax/arena.h"
#include "fluence/air/syntax/ast.h"
#include "name_interner.h"

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

// The grammar's terminals, in the ASCII order of the reference's terminal names (the order its
// "expected" lists print them in). The lexer gives each token its terminal, so that the parser
// checks a token against a set of allowed terminals with one bit test.
enum Terminal : uint8_t {
  kTermOpenRound, kTermCloseRound, kTermOpenSquare, kTermCloseSquare,
  kTermBoolean, kTermCanonStream, kTermCanonStreamMap, kTermCanonStreamMapWithLambda,
  kTermCanonStreamWithLambda, kTermError, kTermErrorWithLambda, kTermF64, kTermI64,
  kTermInitPeerId, kTermLastError, kTermLastErrorWithLambda, kTermLiteral, kTermScalar,
  kTermScalarWithLambda, kTermStream, kTermStreamMap, kTermStreamMapWithLambda,
  kTermStreamWithLambda, kTermTTL, kTermTimestamp,
  kTermAp, kTermCall, kTermCanon, kTermFail, kTermFold, kTermMatch, kTermMismatch, kTermNever,
  kTermNew, kTermNext, kTermNull, kTermPar, kTermSeq, kTermXor,
  kTermEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Terminal term = kTermEnd;
  Keyword keyword = Keyword::kNull;
  VarKind var_kind = VarKind::kScalar;
  bool boolean = false;
  Pos left = 0;
  Pos right = 0;
  int64_t integer = 0;
  double floating = 0;
  std::string_view text;
  const Lens* lens = nullptr;
  uint32_t name_id = 0;  // kVariable: the interned id of `text`
};

// A lexical error: span and the reference's message.
struct LexError {
  Pos left = 0;
  Pos right = 0;
  std::string message;
};

class AirLexer {
 public:
  // `text` must be valid UTF-8, outlive the lexer and be followed by a '\0' byte (as the data
  // of a std::string is): the word scanner stops on it without a bounds check. Lenses are
  // allocated in `arena`.
  AirLexer(std::string_view text, AstArena& arena) : text_(text), arena_(arena), names_(text) {}

  // The next token; false (with `error` set) on a lexical error.
  bool next(Token& token, LexError& error) { return next_fast(token) || next_slow(token, error); }

  // The common tokens (brackets, literals, plain words and known short names) without calling
  // anything, so that it inlines into the parser as a leaf; false when next_slow() must lex the
  // token (nothing is consumed then).
  bool next_fast(Token& token);
  // Any token, from the current position.
  bool next_slow(Token& token, LexError& error);

  // Once the end has been returned: the offset just past the last token before it (where
  // "end of input" errors point).
  Pos last_end() const { return last_end_; }

  // The variable names met so far, indexed by Token::name_id.
  const std::vector<std::string_view>& names() const { return names_.names(); }

  // For the parser's direct reading of the common instructions (see Parser::read_direct),
  // which takes bytes from the text instead of tokens and then moves the lexer past them.
  // The text, followed by a '\0' byte.
  const char* data() const { return text_.data(); }
  size_t size() const { return text_.size(); }
  // The offset just past the current token.
  size_t offset() const { return pos_; }
  // The next token is lexed from `offset` (just past a token the parser read itself).
  void move_to(size_t offset) { pos_ = offset; }
  // The id of a variable name (a view into the text), as the lexer gives its tokens.
  // Inline for a known name of up to 8 bytes (the common one), else a call.
  [[gnu::always_inline]] uint32_t intern(std::string_view name) {
    const uint32_t id = names_.find_short(name);
    return id != NameInterner::kUnknown ? id : names_.intern(name);
  }

 private:
  bool lex_word(size_t start, Token& token, LexError& error);
  bool classify_general_word(Pos start, Pos end, Token& token, LexError& error);
  bool classify_word(Pos start, Pos end, Token& token, LexError& error);
  bool lex_variable_or_number(Pos start, Pos end, Token& token, LexError& error);
  bool parse_lens(Pos start, Pos end, const Lens*& lens, LexError& error);
  bool parse_simple_lens(std::string_view s, const Lens*& lens);
  // A plain name [start, dot) followed by a simple lens at `dot` (the common lensed variable);
  // false (nothing consumed) when the general rules must lex the word.
  bool lex_lens_word(Token& token, size_t start, size_t dot);
  // The lens of the accessors in lens_accessors_, stored in the arena.
  const Lens* store_lens();

  std::string_view text_;
  AstArena& arena_;
  NameInterner names_;
  size_t pos_ = 0;
  Pos last_end_ = 0;
  // Scratch space reused by every lens, so lexing allocates only in the arena.
  std::vector<LensAccessor> lens_accessors_;
};

// The pieces of the lexer's inline fast path (AirLexer::next_fast), shared with lexer.cpp.
namespace lexer_internal {

// Classes of bytes for the word scanner (a byte may have several).
enum : uint8_t {
  kClsName = 1,   // [A-Za-z0-9_-]: continues a plain name or number
  kClsSpace = 2,  // ASCII whitespace (Rust's char::is_whitespace below 0x80)
  kClsEnd = 4,    // ends a plain word: ASCII whitespace, ')' and ']'
  kClsPlainStart = 8,  // may start a word classify_plain_word accepts: [A-Za-z0-9_$%]
  kClsLens = 16,       // in the lenses lex_lens_word takes: [A-Za-z0-9_-] . $ [ ] !
};

inline constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '-') {
      t[c] |= kClsName;
    }
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) t[c] |= kClsSpace | kClsEnd;
    if (c == ')' || c == ']') t[c] |= kClsEnd;
    if (((t[c] & kClsName) && c != '-') || c == '$' || c == '%') t[c] |= kClsPlainStart;
    if ((t[c] & kClsName) || c == '.' || c == '$' || c == '[' || c == ']' || c == '!') {
      t[c] |= kClsLens;
    }
  }
  return t;
}
inline constexpr std::array<uint8_t, 256> kClass = make_classes();

inline uint8_t class_of(char c) { return kClass[static_cast<unsigned char>(c)]; }

// Whether the `N - 1` bytes at `w` are the literal `k` (a few integer compares once inlined).
// (Fixed-size memcpy loads rather than memcmp, which GCC does not always expand inline.)
template <size_t N>
[[gnu::always_inline]] inline bool bytes_are(const char* w, const char (&k)[N]) {
  constexpr size_t n = N - 1;
  bool equal = true;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t a, b;
    std::memcpy(&a, w + i, 4);
    std::memcpy(&b, k + i, 4);
    equal &= a == b;
  }
  if (i + 2 <= n) {
    uint16_t a, b;
    std::memcpy(&a, w + i, 2);
    std::memcpy(&b, k + i, 2);
    equal &= a == b;
    i += 2;
  }
  if (i < n) equal &= w[i] == k[i];
  return equal;
}

// Keywords by length and first letter; `w` has `len` bytes.
[[gnu::always_inline]] inline bool keyword_of(const char* w, size_t len, Keyword& kw) {
  auto found = [&](Keyword value) {
    kw = value;
    return true;
  };
  switch (len) {
    case 2:
      if (bytes_are(w, "ap")) return found(Keyword::kAp);
      return false;
    case 3:
      switch (w[0]) {
        case 's': return bytes_are(w, "seq") && found(Keyword::kSeq);
        case 'p': return bytes_are(w, "par") && found(Keyword::kPar);
        case 'x': return bytes_are(w, "xor") && found(Keyword::kXor);
        case 'n': return bytes_are(w, "new") && found(Keyword::kNew);
        default: return false;
      }
    case 4:
      switch (w[0]) {
        case 'c': return bytes_are(w, "call") && found(Keyword::kCall);
        case 'f':
          if (bytes_are(w, "fold")) return found(Keyword::kFold);
          return bytes_are(w, "fail") && found(Keyword::kFail);
        case 'n':
          if (bytes_are(w, "null")) return found(Keyword::kNull);
          return bytes_are(w, "next") && found(Keyword::kNext);
        default: return false;
      }
    case 5:
      switch (w[0]) {
        case 'c': return bytes_are(w, "canon") && found(Keyword::kCanon);
        case 'm': return bytes_are(w, "match") && found(Keyword::kMatch);
        case 'n': return bytes_are(w, "never") && found(Keyword::kNever);
        default: return false;
      }
    case 8: return bytes_are(w, "mismatch") && found(Keyword::kMismatch);
    default: return false;
  }
}

inline Terminal keyword_terminal(Keyword kw) {
  switch (kw) {
    case Keyword::kCall: return kTermCall;
    case Keyword::kCanon: return kTermCanon;
    case Keyword::kAp: return kTermAp;
    case Keyword::kSeq: return kTermSeq;
    case Keyword::kPar: return kTermPar;
    case Keyword::kFail: return kTermFail;
    case Keyword::kFold: return kTermFold;
    case Keyword::kXor: return kTermXor;
    case Keyword::kNever: return kTermNever;
    case Keyword::kNew: return kTermNew;
    case Keyword::kNext: return kTermNext;
    case Keyword::kNull: return kTermNull;
    case Keyword::kMatch: return kTermMatch;
    case Keyword::kMismatch: return kTermMismatch;
  }
  return kTermEnd;
}

inline Terminal variable_terminal(VarKind kind, bool with_lens) {
  switch (kind) {
    case VarKind::kScalar: return with_lens ? kTermScalarWithLambda : kTermScalar;
    case VarKind::kStream: return with_lens ? kTermStreamWithLambda : kTermStream;
    case VarKind::kStreamMap: return with_lens ? kTermStreamMapWithLambda : kTermStreamMap;
    case VarKind::kCanonStream: return with_lens ? kTermCanonStreamWithLambda : kTermCanonStream;
    case VarKind::kCanonStreamMap:
      return with_lens ? kTermCanonStreamMapWithLambda : kTermCanonStreamMap;
  }
  return kTermEnd;
}

// A word of plain name characters after its first byte `w[0]`: a keyword, a boolean, a plain
// scalar / stream / stream map name or a short decimal integer. False when the general rules
// must decide (they give the same result for every word accepted here).
[[gnu::always_inline]] inline bool classify_plain_word(const char* w, size_t len, Token& token) {
  const unsigned char c0 = static_cast<unsigned char>(w[0]);
  VarKind kind;
  if (c0 >= 'a' && c0 <= 'z') {
    if (len <= 8 && keyword_of(w, len, token.keyword)) {
      token.kind = TokenKind::kKeyword;
      token.term = keyword_terminal(token.keyword);
      return true;
    }
    if ((c0 == 't' && len == 4 && bytes_are(w, "true")) ||
        (c0 == 'f' && len == 5 && bytes_are(w, "false"))) {
      token.kind = TokenKind::kBool;
      token.term = kTermBoolean;
      token.boolean = len == 4;
      return true;
    }
    kind = VarKind::kScalar;
  } else if ((c0 >= 'A' && c0 <= 'Z') || c0 == '_') {
    kind = VarKind::kScalar;
  } else if (c0 == '$' && len >= 2) {
    kind = VarKind::kStream;
  } else if (c0 == '%' && len >= 2) {  // w[1] is a name character, so not the '%' quirk
    kind = VarKind::kStreamMap;
  } else if (c0 >= '0' && c0 <= '9' && len <= 18) {
    int64_t v = 0;
    for (size_t i = 0; i < len; ++i) {
      const unsigned d = static_cast<unsigned char>(w[i]) - unsigned{'0'};
      if (d > 9) return false;
      v = v * 10 + d;
    }
    token.kind = TokenKind::kInt;
    token.term = kTermI64;
    token.integer = v;
    token.text = std::string_view(w, len);
    return true;
  } else {
    return false;
  }
  token.kind = TokenKind::kVariable;
  token.var_kind = kind;
  token.term = variable_terminal(kind, false);
  token.text = std::string_view(w, len);
  return true;
}

// The offset of the first byte from `p` on that is not ASCII whitespace (a '\0' after the text
// stops it). Most runs in scripts are one space.
[[gnu::always_inline]] inline size_t skip_space(const char* s, size_t p) {
  if (s[p] == ' ' && !(class_of(s[p + 1]) & kClsSpace)) return p + 1;
  while (class_of(s[p]) & kClsSpace) ++p;
  return p;
}

// The word at `s + p` when it is a plain scalar name, or a plain stream name when
// `stream_allowed`, ended by whitespace, ')' or ']': sets `kind` and returns the offset just
// past it (the word is what classify_plain_word() gives as a variable of that kind). 0 when it
// is not. For the parser's direct reading of instructions, which needs no Token.
[[gnu::always_inline]] inline size_t read_plain_name(const char* s, size_t p, bool stream_allowed,
                                                     VarKind& kind) {
  const unsigned char c0 = static_cast<unsigned char>(s[p]);
  const bool lower = c0 >= 'a' && c0 <= 'z';
  if (lower || (c0 >= 'A' && c0 <= 'Z') || c0 == '_') {
    kind = VarKind::kScalar;
  } else if (c0 == '$' && stream_allowed) {
    kind = VarKind::kStream;
  } else {
    return 0;
  }
  size_t e = p + 1;
  while (class_of(s[e]) & kClsName) ++e;  // stops on the '\0' after the text
  if (!(class_of(s[e]) & kClsEnd)) return 0;
  const size_t len = e - p;
  if (kind == VarKind::kStream) return len >= 2 ? e : 0;
  // Keywords, "true" and "false" are lowercase words of 2 to 8 bytes.
  if (lower && len >= 2 && len <= 8) {
    Keyword kw;
    if (keyword_of(s + p, len, kw)) return 0;
    if ((len == 4 && bytes_are(s + p, "true")) || (len == 5 && bytes_are(s + p, "false"))) {
      return 0;
    }
  }
  return e;
}

}  // namespace lexer_internal

[[gnu::always_inline]] inline bool AirLexer::next_fast(Token& token) {
  using namespace lexer_internal;
  const char* const s = text_.data();
  size_t p = pos_;
  while (class_of(s[p]) & kClsSpace) ++p;  // stops on the '\0' after the text
  const unsigned char c = static_cast<unsigned char>(s[p]);
  // `lens` is set with the kinds that have one (here only plain variables, without).
  token.left = static_cast<Pos>(p);
  if (c == '(') {
    token.kind = TokenKind::kOpenRound;
    token.term = kTermOpenRound;
    ++p;
  } else if (c == ')') {
    token.kind = TokenKind::kCloseRound;
    token.term = kTermCloseRound;
    ++p;
  } else if (c == '%' && p + 14 <= text_.size() && bytes_are(s + p, "%init_peer_id%") &&
             (class_of(s[p + 14]) & kClsEnd)) {
    token.kind = TokenKind::kInitPeerId;  // common enough to skip the word scanner
    token.term = kTermInitPeerId;
    p += 14;
  } else if (class_of(static_cast<char>(c)) & kClsPlainStart) {
    size_t e = p + 1;
    while (class_of(s[e]) & kClsName) ++e;  // stops on the '\0' after the text
    if (!(class_of(s[e]) & kClsEnd) && e < text_.size()) return false;
    if (!classify_plain_word(s + p, e - p, token)) return false;
    if (token.kind == TokenKind::kVariable) {
      token.lens = nullptr;
      token.name_id = names_.find_short(token.text);
      if (token.name_id == NameInterner::kUnknown) return false;
    }
    p = e;
  } else if (c == '"') {
    size_t e = p + 1;
    while (s[e] != '"') {
      if (s[e] == '\0' && e >= text_.size()) return false;  // unclosed
      ++e;
    }
    token.kind = TokenKind::kLiteral;
    token.term = kTermLiteral;
    token.text = std::string_view(s + p + 1, e - p - 1);
    p = e + 1;
  } else if (c == '[' || c == ']') {
    token.kind = c == '[' ? TokenKind::kOpenSquare : TokenKind::kCloseSquare;
    token.term = c == '[' ? kTermOpenSquare : kTermCloseSquare;
    ++p;
  } else {
    return false;
  }
  pos_ = p;
  token.right = static_cast<Pos>(p);
  return true;
}

// Rust's char::is_whitespace / char::is_alphanumeric / char::is_numeric on a code point.
bool is_unicode_whitespace(uint32_t cp);
bool is_unicode_alphanumeric(uint32_t cp);
bool is_unicode_numeric(uint32_t cp);

// Decodes the UTF-8 code point at `pos` (input already validated); sets `len` to its length.
uint32_t decode_utf8(std::string_view text, size_t pos, size_t& len);

}  // namespace fluence::air
