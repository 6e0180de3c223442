#include "lexer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "unicode_tables.h"

namespace fluence::air {

using namespace lexer_internal;

namespace {

bool in_ranges(std::span<const CodePointRange> ranges, uint32_t cp) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                             [](uint32_t v, const CodePointRange& r) { return v < r.first; });
  if (it == ranges.begin()) return false;
  --it;
  return cp <= it->last;
}

bool is_air_alphanumeric(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_' || cp == '-';
  }
  return is_unicode_alphanumeric(cp);
}

bool is_lens_char(uint32_t cp) {
  switch (cp) {
    case '$': case '@': case '[': case ']': case '(': case ')': case ':': case '?': case '.':
    case '*': case ',': case '"': case '\'':
      return true;
    default:
      return is_air_alphanumeric(cp);
  }
}

bool is_ascii_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

constexpr std::string_view kErrorPrefix = ":error:";
constexpr std::string_view kLastErrorPrefix = "%last_error%";

// ---- lens (lambda) lexing and parsing --------------------------------------------------------

enum class LensTok : uint8_t { kSelector, kOpen, kClose, kNumber, kString, kFlatten };

struct LensToken {
  LensTok kind;
  size_t left;
  size_t right;
  uint32_t number = 0;
  std::string_view text;
};

std::string lens_token_debug(const LensToken& t) {
  switch (t.kind) {
    case LensTok::kSelector: return "ValuePathSelector";
    case LensTok::kOpen: return "OpenSquareBracket";
    case LensTok::kClose: return "CloseSquareBracket";
    case LensTok::kNumber: return "NumberAccessor(" + std::to_string(t.number) + ")";
    case LensTok::kString: return "StringAccessor(\"" + std::string(t.text) + "\")";
    case LensTok::kFlatten: return "FlatteningSign";
  }
  return "";
}

}  // namespace

bool is_unicode_whitespace(uint32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  return in_ranges(kWhiteSpace, cp);
}

bool is_unicode_numeric(uint32_t cp) {
  if (cp < 0x80) return is_ascii_digit(cp);
  return in_ranges(kNumeric, cp);
}

bool is_unicode_alphanumeric(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  return in_ranges(kAlphabetic, cp) || in_ranges(kNumeric, cp);
}

uint32_t decode_utf8(std::string_view text, size_t pos, size_t& len) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    len = 1;
    return c;
  }
  auto cont = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]) & 0x3Fu; };
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    return ((c & 0x1Fu) << 6) | cont(1);
  }
  if ((c & 0xF0) == 0xE0) {
    len = 3;
    return ((c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
  }
  len = 4;
  return ((c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

namespace {

bool is_ascii_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_ascii_lens_char(unsigned char c) {
  switch (c) {
    case '$': case '@': case '[': case ']': case '(': case ')': case ':': case '?': case '.':
    case '*': case ',': case '"': case '\'':
      return true;
    default:
      return is_ascii_name_char(c);
  }
}

// The common words, classified without the general character-by-character rules (which give
// the same result for them): ASCII names with an optional sigil, and plain decimal integers.
// For a name followed by a lens, `lens_at` is set to the offset of the lens's '.'.
bool classify_simple_word(std::string_view w, Token& token, size_t& lens_at) {
  lens_at = 0;
  const unsigned char c0 = static_cast<unsigned char>(w[0]);
  VarKind kind;
  size_t name_from;
  if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_') {
    if (w == "true" || w == "false") return false;
    kind = VarKind::kScalar;
    name_from = 1;
  } else if (c0 == '$' && w.size() >= 2) {
    kind = VarKind::kStream;
    name_from = 1;
  } else if (c0 == '%' && w.size() >= 2 && w[1] != '%') {
    kind = VarKind::kStreamMap;
    name_from = 1;
  } else if (c0 == '#' && w.size() >= 3 && (w[1] == '$' || w[1] == '%')) {
    kind = w[1] == '$' ? VarKind::kCanonStream : VarKind::kCanonStreamMap;
    name_from = 2;
  } else if (c0 >= '0' && c0 <= '9' && w.size() <= 18) {
    int64_t v = 0;
    for (char ch : w) {
      if (ch < '0' || ch > '9') return false;
      v = v * 10 + (ch - '0');
    }
    token.kind = TokenKind::kInt;
    token.integer = v;
    token.text = w;
    return true;
  } else {
    return false;
  }
  // A '%' in second place has its own rule; names here have none.
  size_t i = name_from;
  while (i < w.size() && is_ascii_name_char(static_cast<unsigned char>(w[i]))) ++i;
  if (i < w.size()) {
    // A lens: the name must be long enough for the sigil rules, the rest plain lens characters.
    if (w[i] != '.' || (kind != VarKind::kScalar && (i == name_from || i <= 2))) return false;
    for (size_t k = i + 1; k < w.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(w[k]);
      if (!is_ascii_lens_char(c) && !(c == '!' && k + 1 == w.size())) return false;
    }
    lens_at = i;
  }
  token.kind = TokenKind::kVariable;
  token.var_kind = kind;
  token.text = w.substr(0, i);
  return true;
}

Terminal word_terminal(const Token& t) {
  switch (t.kind) {
    case TokenKind::kInitPeerId: return kTermInitPeerId;
    case TokenKind::kLastError: return t.lens ? kTermLastErrorWithLambda : kTermLastError;
    case TokenKind::kError: return t.lens ? kTermErrorWithLambda : kTermError;
    case TokenKind::kTimestamp: return kTermTimestamp;
    case TokenKind::kTtl: return kTermTTL;
    case TokenKind::kBool: return kTermBoolean;
    case TokenKind::kInt: return kTermI64;
    case TokenKind::kFloat: return kTermF64;
    case TokenKind::kKeyword: return keyword_terminal(t.keyword);
    case TokenKind::kVariable: return variable_terminal(t.var_kind, t.lens != nullptr);
    default: return kTermEnd;
  }
}

}  // namespace

bool AirLexer::next_slow(Token& token, LexError& error) {
  const char* const s = text_.data();
  const size_t n = text_.size();
  size_t p = pos_;
  while (true) {
    while (class_of(s[p]) & kClsSpace) ++p;  // stops on the '\0' after the text
    if (p >= n) break;
    const unsigned char c = static_cast<unsigned char>(s[p]);
    // Only `kind`, `term` and `lens` are read unconditionally; the other fields go with kinds.
    token.lens = nullptr;
    token.left = static_cast<Pos>(p);
    switch (c) {
      case '(':
        ++p;
        token.kind = TokenKind::kOpenRound;
        token.term = kTermOpenRound;
        break;
      case ')':
        ++p;
        token.kind = TokenKind::kCloseRound;
        token.term = kTermCloseRound;
        break;
      case '[':
        ++p;
        token.kind = TokenKind::kOpenSquare;
        token.term = kTermOpenSquare;
        break;
      case ']':
        ++p;
        token.kind = TokenKind::kCloseSquare;
        token.term = kTermCloseSquare;
        break;
      case ';': {
        const void* nl = std::memchr(s + p, '\n', n - p);
        p = nl == nullptr ? n : static_cast<size_t>(static_cast<const char*>(nl) - s) + 1;
        continue;
      }
      case '"': {
        const void* close = std::memchr(s + p + 1, '"', n - p - 1);
        if (close == nullptr) {
          error = {static_cast<Pos>(p), static_cast<Pos>(n),
                   "this string literal has unclosed quote"};
          return false;
        }
        const size_t e = static_cast<size_t>(static_cast<const char*>(close) - s);
        token.kind = TokenKind::kLiteral;
        token.term = kTermLiteral;
        token.text = std::string_view(s + p + 1, e - p - 1);
        p = e + 1;
        break;
      }
      default: {
        if (c >= 0x80) {
          size_t len;
          if (is_unicode_whitespace(decode_utf8(text_, p, len))) {
            p += len;
            continue;
          }
        }
        if (!lex_word(p, token, error)) return false;
        p = pos_;
        break;
      }
    }
    pos_ = p;
    token.right = static_cast<Pos>(p);
    return true;
  }
  // pos_ stays just past the last token, where "end of input" errors point.
  last_end_ = static_cast<Pos>(pos_);
  token = Token{};
  token.kind = TokenKind::kEnd;
  token.term = kTermEnd;
  token.left = token.right = static_cast<Pos>(n);
  return true;
}

// A word starting at `start` (not whitespace, not a bracket, quote or ';'); sets pos_ past it.
bool AirLexer::lex_word(size_t start, Token& token, LexError& error) {
  const char* const s = text_.data();
  const size_t n = text_.size();
  size_t p = start;
  if (static_cast<unsigned char>(s[p]) < 0x80) {
    // The common word: plain name characters after the first byte, then its end.
    ++p;
    while (class_of(s[p]) & kClsName) ++p;  // stops on the '\0' after the text
    if (s[p] == '.' && s[p + 1] == '$' && lex_lens_word(token, start, p)) return true;
    if (p >= n || (class_of(s[p]) & kClsEnd)) {
      pos_ = p;
      if (classify_plain_word(s + start, p - start, token)) {
        if (token.kind == TokenKind::kVariable) token.name_id = names_.intern(token.text);
        return true;
      }
      return classify_general_word(static_cast<Pos>(start), static_cast<Pos>(p), token, error);
    }
  } else {
    size_t len;
    decode_utf8(text_, p, len);
    p += len;
  }
  // The general word: the first character is taken whatever it is; then up to whitespace or a
  // ')' / ']' that closes more than the word itself opened.
  int64_t round = 0;
  int64_t square = 0;
  while (p < n) {
    const unsigned char d = static_cast<unsigned char>(s[p]);
    if (d > ')' && d < 0x80 && d != '[' && d != ']') {  // the common case
      ++p;
      continue;
    }
    size_t dl = 1;
    uint32_t dcp = d;
    if (d >= 0x80) dcp = decode_utf8(text_, p, dl);
    if (dcp == '(') ++round;
    else if (dcp == ')') --round;
    else if (dcp == '[') ++square;
    else if (dcp == ']') --square;
    if (round < 0 || square < 0 || is_unicode_whitespace(dcp)) break;
    p += dl;
  }
  pos_ = p;
  return classify_general_word(static_cast<Pos>(start), static_cast<Pos>(p), token, error);
}

bool AirLexer::classify_general_word(Pos start, Pos end, Token& token, LexError& error) {
  if (!classify_word(start, end, token, error)) return false;
  token.term = word_terminal(token);
  if (token.kind == TokenKind::kVariable) token.name_id = names_.intern(token.text);
  return true;
}

bool AirLexer::classify_word(Pos start, Pos end, Token& token, LexError& error) {
  std::string_view word = text_.substr(start, end - start);
  const char first = word[0];
  if (first >= 'a' && first <= 'x' && word.size() >= 2 && word.size() <= 8) {
    Keyword kw;
    if (keyword_of(word.data(), word.size(), kw)) {
      token.kind = TokenKind::kKeyword;
      token.keyword = kw;
      return true;
    }
  }
  size_t lens_at;
  if (classify_simple_word(word, token, lens_at)) {
    if (lens_at == 0) return true;
    return parse_lens(start + static_cast<Pos>(lens_at), end, token.lens, error);
  }
  if (first != '%' && first != ':' && first != 't' && first != 'f') {
    return lex_variable_or_number(start, end, token, error);
  }
  if (word == "%init_peer_id%") {
    token.kind = TokenKind::kInitPeerId;
    return true;
  }
  auto error_like = [&](std::string_view prefix, TokenKind kind) {
    token.kind = kind;
    if (word.size() == prefix.size()) return true;
    return parse_lens(start + static_cast<Pos>(prefix.size()), end, token.lens, error);
  };
  if (word.starts_with(kErrorPrefix)) return error_like(kErrorPrefix, TokenKind::kError);
  if (word.starts_with(kLastErrorPrefix)) return error_like(kLastErrorPrefix, TokenKind::kLastError);
  if (word == "%timestamp%") {
    token.kind = TokenKind::kTimestamp;
    return true;
  }
  if (word == "%ttl%") {
    token.kind = TokenKind::kTtl;
    return true;
  }
  if (word == "true" || word == "false") {
    token.kind = TokenKind::kBool;
    token.boolean = word == "true";
    return true;
  }
  return lex_variable_or_number(start, end, token, error);
}

namespace {

enum class Tag : uint8_t { kNone, kStream, kStreamMap, kCanon, kCanonStream, kCanonStreamMap };

bool is_tag(Tag t) { return t != Tag::kNone; }
bool is_canon_type(Tag t) { return t == Tag::kCanonStream || t == Tag::kCanonStreamMap; }

Tag tag_of_first(uint32_t cp) {
  switch (cp) {
    case '$': return Tag::kStream;
    case '#': return Tag::kCanon;
    case '%': return Tag::kStreamMap;
    default: return Tag::kNone;
  }
}

Tag deduce_second(Tag current, uint32_t cp) {
  if (cp == '$' && current == Tag::kCanon) return Tag::kCanonStream;
  if (cp == '%') return Tag::kCanonStreamMap;
  return current;
}

VarKind var_kind_of(Tag t) {
  switch (t) {
    case Tag::kNone: return VarKind::kScalar;
    case Tag::kStream: return VarKind::kStream;
    case Tag::kStreamMap: return VarKind::kStreamMap;
    case Tag::kCanon:
    case Tag::kCanonStream: return VarKind::kCanonStream;
    case Tag::kCanonStreamMap: return VarKind::kCanonStreamMap;
  }
  return VarKind::kScalar;
}

// Rust's `str::parse::<i64>()`, including its error texts.
bool parse_rust_i64(std::string_view s, int64_t& out, std::string& message) {
  if (s.empty()) {
    message = "cannot parse integer from empty string";
    return false;
  }
  size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
    if (s.size() == 1) {
      message = "invalid digit found in string";
      return false;
    }
  }
  int64_t value = 0;
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < '0' || c > '9') {
      message = "invalid digit found in string";
      return false;
    }
    int d = c - '0';
    if (negative) {
      if (__builtin_mul_overflow(value, 10, &value) || __builtin_sub_overflow(value, d, &value)) {
        message = "number too small to fit in target type";
        return false;
      }
    } else {
      if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, d, &value)) {
        message = "number too large to fit in target type";
        return false;
      }
    }
  }
  out = value;
  return true;
}

// Rust's `str::parse::<f64>()` restricted to what reaches it here: an optional sign, ASCII
// digits and one dot with a digit before it ("1.", "-1.5").
bool parse_rust_f64(std::string_view s, double& out, std::string& message) {
  size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  for (size_t k = i; k < s.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    if (!(c == '.' || (c >= '0' && c <= '9'))) {
      message = "invalid float literal";
      return false;
    }
  }
  std::string copy(s.substr(i));
  if (s[0] == '-') copy.insert(copy.begin(), '-');
  const char* first = copy.data();
  auto [ptr, ec] = std::from_chars(first, first + copy.size(), out);
  if (ec != std::errc() || ptr != first + copy.size()) {
    // from_chars rejects a trailing dot ("1."), which Rust accepts.
    if (!copy.empty() && copy.back() == '.') {
      copy.pop_back();
      auto r = std::from_chars(copy.data(), copy.data() + copy.size(), out);
      if (r.ec == std::errc() && r.ptr == copy.data() + copy.size()) return true;
    }
    message = "invalid float literal";
    return false;
  }
  return true;
}

}  // namespace

bool AirLexer::lex_variable_or_number(Pos start, Pos end, Token& token, LexError& error) {
  std::string_view word = text_.substr(start, end - start);
  bool non_numeric = false;
  bool digit_met = false;
  bool first = true;
  size_t dot = std::string_view::npos;
  Tag tag = Tag::kNone;

  auto fail_at = [&](size_t off, std::string message) {
    error = {static_cast<Pos>(start + off), static_cast<Pos>(start + off), std::move(message)};
    return false;
  };

  size_t off = 0;
  while (off < word.size()) {
    size_t len;
    uint32_t cp = decode_utf8(word, off, len);
    const bool last = off + len == word.size();
    bool handled = false;
    if (!non_numeric) {
      if (first && (cp == '-' || cp == '+')) {
        handled = true;
      } else if (is_unicode_numeric(cp)) {
        digit_met = true;
        handled = true;
      } else if (dot == std::string_view::npos && cp == '.') {
        if (off == 0) {
          error = {start, start, "leading dot without any symbols before - please write 0 if "
                                 "it's float or variable name if it's a lambda"};
          return false;
        }
        dot = off;
        if (!digit_met) {
          return fail_at(off, "leading dot without any symbols before - please write 0 if it's "
                              "float or variable name if it's a lambda");
        }
        handled = true;
      } else {
        if (dot != std::string_view::npos) {
          return fail_at(off, "a digit could contain only digits or one dot");
        }
        non_numeric = true;
      }
    }
    if (!handled) {
      // Variable rules.
      Tag second = deduce_second(tag, cp);
      if (off == 1 && is_canon_type(second)) {
        if (word.size() == 2 && is_tag(second)) {
          return fail_at(off, "a canon name should be non empty");
        }
        tag = second;
      } else if (off == 0 && is_tag(tag_of_first(cp))) {
        if (word.size() == 1) return fail_at(off, "a tagged name should be non empty");
        tag = tag_of_first(cp);
      } else if (dot == std::string_view::npos && cp == '.') {
        if (off == 0) {
          error = {start, start, "leading dot without any symbols before - please write 0 if "
                                 "it's float or variable name if it's a lambda"};
          return false;
        }
        if (is_tag(tag) && off <= 2) {
          return fail_at(off - 1, "a canon name should be non empty");
        }
        dot = off;
      } else if (dot != std::string_view::npos) {
        if (!is_lens_char(cp) && !(last && cp == '!')) {
          return fail_at(off, "invalid character in lambda");
        }
      } else if (!is_air_alphanumeric(cp)) {
        return fail_at(off, "only alphanumeric, '_', and '-' characters are allowed in this "
                            "position");
      }
    }
    first = false;
    off += len;
  }

  if (!non_numeric) {
    std::string message;
    if (dot == std::string_view::npos) {
      if (!parse_rust_i64(word, token.integer, message)) {
        error = {start, end, message};
        return false;
      }
      token.kind = TokenKind::kInt;
    } else {
      if (word.size() > 11) {
        error = {start, end, "this float is too big, a float could contain less than 12 digits"};
        return false;
      }
      if (!parse_rust_f64(word, token.floating, message)) {
        error = {start, end, message};
        return false;
      }
      token.kind = TokenKind::kFloat;
    }
    token.text = word;
    return true;
  }

  token.kind = TokenKind::kVariable;
  token.var_kind = var_kind_of(tag);
  if (dot == std::string_view::npos) {
    token.text = word;
    return true;
  }
  token.text = word.substr(0, dot);
  return parse_lens(start + static_cast<Pos>(dot), end, token.lens, error);
}

bool AirLexer::parse_lens(Pos start, Pos end, const Lens*& lens_out, LexError& error) {
  std::string_view s = text_.substr(start, end - start);
  auto fail = [&](std::string message) {
    error = {start, end, std::move(message)};
    return false;
  };
  if (s == ".length") {
    lens_out = arena_.make<Lens>(Lens{true, {}, std::string_view(".length")});
    return true;
  }
  if (!s.starts_with(".$")) {
    return fail("User { error: UnexpectedSymbol(0, " + std::to_string(s.size()) + ") }");
  }
  if (parse_simple_lens(s, lens_out)) return true;

  // Tokens; the first lexical error aborts the whole lens (the reference's lexer errors are not
  // recoverable, so they win over grammar errors met earlier).
  thread_local std::vector<LensToken> tokens;
  tokens.clear();
  size_t off = 2;
  while (off < s.size()) {
    size_t len;
    uint32_t cp = decode_utf8(s, off, len);
    if (cp == '[') {
      tokens.push_back({LensTok::kOpen, off, off + 1});
    } else if (cp == ']') {
      tokens.push_back({LensTok::kClose, off, off + 1});
    } else if (cp == '.') {
      tokens.push_back({LensTok::kSelector, off, off + 1});
    } else if (is_ascii_digit(cp)) {
      size_t e = off;
      while (e < s.size() && is_ascii_digit(static_cast<unsigned char>(s[e]))) ++e;
      uint64_t v = 0;
      bool overflow = false;
      for (size_t k = off; k < e; ++k) {
        v = v * 10 + static_cast<uint64_t>(s[k] - '0');
        if (v > 0xFFFFFFFFull) overflow = true;
      }
      if (overflow) {
        return fail("User { error: ParseIntError(" + std::to_string(off) + ", " +
                    std::to_string(e) + ", ParseIntError { kind: PosOverflow }) }");
      }
      LensToken t{LensTok::kNumber, off, e};
      t.number = static_cast<uint32_t>(v);
      tokens.push_back(t);
      off = e;
      continue;
    } else if (is_air_alphanumeric(cp)) {
      size_t e = off;
      while (e < s.size()) {
        size_t l;
        uint32_t c2 = decode_utf8(s, e, l);
        if (!is_air_alphanumeric(c2)) break;
        e += l;
      }
      LensToken t{LensTok::kString, off, e};
      t.text = s.substr(off, e - off);
      tokens.push_back(t);
      off = e;
      continue;
    } else if (cp == '!') {
      tokens.push_back({LensTok::kFlatten, off, off + 1});
    } else {
      return fail("User { error: UnexpectedSymbol(" + std::to_string(off) + ", " +
                  std::to_string(off + 1) + ") }");
    }
    off += len;
  }

  // Grammar: accessor := "."? "[" (NUMBER | STRING) "]" "!"? | "." STRING "!"?
  // Like the reference's LR parser, a grammar error is recorded and parsing resumes at the next
  // token that can start an accessor (the tokens skipped are the "dropped tokens").
  std::vector<LensAccessor>& accessors = lens_accessors_;
  accessors.clear();
  std::vector<std::string> errors;
  size_t i = 0;
  auto token_text = [&](const LensToken& t) {
    return "(" + std::to_string(t.left) + ", " + lens_token_debug(t) + ", " +
           std::to_string(t.right) + ")";
  };
  auto recover = [&](std::string error) {
    std::string dropped;
    while (i < tokens.size() && tokens[i].kind != LensTok::kSelector &&
           tokens[i].kind != LensTok::kOpen) {
      if (!dropped.empty()) dropped += ", ";
      dropped += token_text(tokens[i]);
      ++i;
    }
    errors.push_back("ErrorRecovery { error: " + error + ", dropped_tokens: [" + dropped + "] }");
  };
  auto unexpected = [&](std::string_view expected) {
    recover("UnrecognizedToken { token: " + token_text(tokens[i]) + ", expected: [" +
            std::string(expected) + "] }");
  };
  auto eof = [&](std::string_view expected) {
    errors.push_back("ErrorRecovery { error: UnrecognizedEof { location: " +
                     std::to_string(s.size()) + ", expected: [" + std::string(expected) +
                     "] }, dropped_tokens: [] }");
  };
  constexpr std::string_view kExpectAccessor = R"("\".\"", "\"[\"")";
  // Right after an accessor that may still take its "!" flattening mark.
  constexpr std::string_view kExpectAfterAccessor = R"("\"!\"", "\".\"", "\"[\"")";
  bool flatten_allowed = false;
  constexpr std::string_view kExpectAfterDot = R"("\"[\"", "string_accessor")";
  constexpr std::string_view kExpectKey = R"("number_accessor", "string_accessor")";
  constexpr std::string_view kExpectClose = R"("\"]\"")";
  while (i < tokens.size()) {
    if (tokens[i].kind == LensTok::kSelector) {
      ++i;
      if (i == tokens.size()) {
        eof(kExpectAfterDot);
        break;
      }
      if (tokens[i].kind == LensTok::kString) {
        accessors.push_back({LensAccessorKind::kFieldName, 0, tokens[i].text});
        ++i;
        flatten_allowed = true;
        if (i < tokens.size() && tokens[i].kind == LensTok::kFlatten) {
          ++i;
          flatten_allowed = false;
        }
        continue;
      }
      flatten_allowed = false;
      if (tokens[i].kind != LensTok::kOpen) {
        unexpected(kExpectAfterDot);
        continue;
      }
    } else if (tokens[i].kind != LensTok::kOpen) {
      unexpected(flatten_allowed ? kExpectAfterAccessor : kExpectAccessor);
      flatten_allowed = false;
      continue;
    }
    flatten_allowed = false;
    ++i;  // past "["
    if (i == tokens.size()) {
      eof(kExpectKey);
      break;
    }
    const LensToken& key = tokens[i];
    if (key.kind != LensTok::kNumber && key.kind != LensTok::kString) {
      unexpected(kExpectKey);
      continue;
    }
    ++i;
    if (i == tokens.size()) {
      eof(kExpectClose);
      break;
    }
    if (tokens[i].kind != LensTok::kClose) {
      unexpected(kExpectClose);
      continue;
    }
    ++i;
    if (key.kind == LensTok::kNumber) {
      accessors.push_back({LensAccessorKind::kArrayIndex, key.number, {}});
    } else {
      accessors.push_back({LensAccessorKind::kScalarKey, 0, key.text, names_.intern(key.text)});
    }
    flatten_allowed = true;
    if (i < tokens.size() && tokens[i].kind == LensTok::kFlatten) {
      ++i;
      flatten_allowed = false;
    }
  }
  if (!errors.empty()) {
    std::string message = "[";
    for (size_t k = 0; k < errors.size(); ++k) {
      if (k > 0) message += ", ";
      message += errors[k];
    }
    return fail(message + "]");
  }
  if (accessors.empty()) return fail("provided lambda expression doesn't contain any accessor");

  lens_out = store_lens();
  return true;
}

const Lens* AirLexer::store_lens() {
  // Canonical text: ".$." + accessors joined by "."; written straight into the arena.
  const std::vector<LensAccessor>& accessors = lens_accessors_;
  char digits[16];
  auto index_text = [&](uint32_t index) {
    auto r = std::to_chars(digits, digits + sizeof(digits), index);
    return std::string_view(digits, static_cast<size_t>(r.ptr - digits));
  };
  size_t size = 2;
  for (const auto& a : accessors) {
    switch (a.kind) {
      case LensAccessorKind::kArrayIndex: size += 3 + index_text(a.index).size(); break;
      case LensAccessorKind::kScalarKey: size += 3 + a.name.size(); break;
      case LensAccessorKind::kFieldName: size += 1 + a.name.size(); break;
    }
  }
  char* const stored = static_cast<char*>(arena_.allocate(size, 1));
  char* out = stored;
  auto put = [&](std::string_view piece) {
    std::memcpy(out, piece.data(), piece.size());
    out += piece.size();
  };
  put(".$");
  for (const auto& a : accessors) {
    switch (a.kind) {
      case LensAccessorKind::kArrayIndex:
        put(".[");
        put(index_text(a.index));
        put("]");
        break;
      case LensAccessorKind::kScalarKey:
        put(".[");
        put(a.name);
        put("]");
        break;
      case LensAccessorKind::kFieldName:
        put(".");
        put(a.name);
        break;
    }
  }
  auto span = arena_.copy(std::span<const LensAccessor>(accessors));
  return arena_.make<Lens>(Lens{false, span, std::string_view(stored, size)});
}

bool AirLexer::lex_lens_word(Token& token, size_t start, size_t dot) {
  const char* const s = text_.data();
  const size_t n = text_.size();
  // The word's end, by the word rule (a ']' closing more than the word opened ends it).
  size_t e = dot;
  int square = 0;
  while (class_of(s[e]) & kClsLens) {  // stops on the '\0' after the text
    if (s[e] == '[') {
      ++square;
    } else if (s[e] == ']') {
      if (square == 0) break;
      --square;
    }
    ++e;
  }
  if (e < n && !(class_of(s[e]) & kClsEnd)) return false;
  // The name, as classify_simple_word() takes it before a lens.
  const unsigned char c0 = static_cast<unsigned char>(s[start]);
  VarKind kind;
  if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_') {
    kind = VarKind::kScalar;
  } else if (c0 == '$' && dot - start > 2) {
    kind = VarKind::kStream;
  } else if (c0 == '%' && dot - start > 2) {
    kind = VarKind::kStreamMap;
  } else {
    return false;
  }
  const std::string_view name(s + start, dot - start);
  const Lens* lens = nullptr;
  if (!parse_simple_lens(std::string_view(s + dot, e - dot), lens)) return false;
  token.kind = TokenKind::kVariable;
  token.var_kind = kind;
  token.term = variable_terminal(kind, true);
  token.text = name;
  token.lens = lens;
  token.name_id = names_.intern(name);
  pos_ = e;
  token.right = static_cast<Pos>(e);
  return true;
}

// The lenses that make up most scripts: ".$" then accessors ".name", ".[N]", ".[name]" (the dot
// before "[" optional) of ASCII characters, a "!" only at the very end. Anything else (including
// every malformed lens) is left to the general path, which has the reference's error messages;
// for what it accepts, this gives the same accessors.
bool AirLexer::parse_simple_lens(std::string_view s, const Lens*& lens_out) {
  using namespace lexer_internal;
  auto name_start = [](char c) { return (class_of(c) & kClsName) && !(c >= '0' && c <= '9'); };
  auto name_end = [&](size_t i) {
    while (i < s.size() && (class_of(s[i]) & kClsName)) ++i;
    return i;
  };
  std::vector<LensAccessor>& accessors = lens_accessors_;
  accessors.clear();
  size_t i = 2;  // past ".$"
  while (i < s.size()) {
    const bool dot = s[i] == '.';
    if (dot && ++i == s.size()) return false;
    if (s[i] == '[') {
      ++i;
      if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        uint64_t v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
          v = v * 10 + static_cast<uint64_t>(s[i] - '0');
          if (v > 0xFFFFFFFFull) return false;
          ++i;
        }
        accessors.push_back({LensAccessorKind::kArrayIndex, static_cast<uint32_t>(v), {}});
      } else if (i < s.size() && name_start(s[i])) {
        const size_t e = name_end(i);
        const std::string_view key = s.substr(i, e - i);
        accessors.push_back({LensAccessorKind::kScalarKey, 0, key, names_.intern(key)});
        i = e;
      } else {
        return false;
      }
      if (i == s.size() || s[i] != ']') return false;
      ++i;
    } else if (dot && name_start(s[i])) {
      const size_t e = name_end(i);
      accessors.push_back({LensAccessorKind::kFieldName, 0, s.substr(i, e - i)});
      i = e;
    } else {
      return false;
    }
    if (i + 1 == s.size() && s[i] == '!') ++i;  // flattening mark: no accessor
  }
  if (accessors.empty()) return false;
  lens_out = store_lens();
  return true;
}

}  // namespace fluence::air
