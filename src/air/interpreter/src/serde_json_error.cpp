#include "serde_json_error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace fluence::air {

namespace {

constexpr const char* kEofValue = "EOF while parsing a value";
constexpr const char* kEofString = "EOF while parsing a string";
constexpr const char* kInvalidNumber = "invalid number";
constexpr const char* kOutOfRange = "number out of range";

struct Failure {
  const char* message;
  std::size_t index;  // bytes read when the error was found: the column counts up to here
};

bool is_digit(int c) { return c >= '0' && c <= '9'; }

// serde's overflow test for `a * 10 + b` against `limit`.
template <class T>
bool overflows(T a, T b, T limit) {
  return a >= limit / 10 && (a > limit / 10 || b > limit % 10);
}

// Powers of ten as Rust's f64 literals 1e0..1e308 (correctly rounded).
const double* pow10_table() {
  static const auto table = [] {
    static double t[309];
    for (int i = 0; i <= 308; ++i) t[i] = std::strtod(("1e" + std::to_string(i)).c_str(), nullptr);
    return t;
  }();
  return table;
}

// Reads JSON as serde_json's Deserializer does when it builds a Value from a str, throwing
// Failure where serde reports an error. Only the errors and their positions matter here.
class SerdeReader {
 public:
  explicit SerdeReader(std::string_view text) : s_(text) {}

  void document() {
    value();
    if (whitespace() >= 0) peek_error("trailing characters");
  }

 private:
  [[noreturn]] void error(const char* message) { throw Failure{message, i_}; }
  // Errors found while peeking count the peeked byte too (at most up to the end).
  [[noreturn]] void peek_error(const char* message) {
    throw Failure{message, std::min(s_.size(), i_ + 1)};
  }
  int peek() const { return i_ < s_.size() ? static_cast<unsigned char>(s_[i_]) : -1; }
  int peek_or_null() const { return i_ < s_.size() ? static_cast<unsigned char>(s_[i_]) : 0; }
  int next() { return i_ < s_.size() ? static_cast<unsigned char>(s_[i_++]) : -1; }
  void eat() { ++i_; }
  int whitespace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
    return peek();
  }

  void value() {
    const int c = whitespace();
    if (c < 0) peek_error(kEofValue);
    switch (c) {
      case 'n': eat(); return ident("ull");
      case 't': eat(); return ident("rue");
      case 'f': eat(); return ident("alse");
      case '-': eat(); return integer();
      case '"': eat(); return string();
      case '[':
      case '{':
        if (--remaining_depth_ == 0) peek_error("recursion limit exceeded");
        eat();
        if (c == '[') {
          elements();
        } else {
          members();
        }
        ++remaining_depth_;
        eat();  // the closing bracket the loop stopped at
        return;
      default:
        if (is_digit(c)) return integer();
        peek_error("expected value");
    }
  }

  void ident(std::string_view rest) {
    for (char expected : rest) {
      const int c = next();
      if (c < 0) error(kEofValue);
      if (c != static_cast<unsigned char>(expected)) error("expected ident");
    }
  }

  // Stops at the closing ']' (not consumed).
  void elements() {
    for (bool first = true;;) {
      int c = whitespace();
      if (c == ']') return;
      if (c == ',' && !first) {
        eat();
        c = whitespace();
      } else if (c >= 0) {
        if (!first) peek_error("expected `,` or `]`");
        first = false;
      } else {
        peek_error("EOF while parsing a list");
      }
      if (c == ']') peek_error("trailing comma");
      if (c < 0) peek_error(kEofValue);
      value();
    }
  }

  // Stops at the closing '}' (not consumed).
  void members() {
    for (bool first = true;;) {
      int c = whitespace();
      if (c == '}') return;
      if (c == ',' && !first) {
        eat();
        c = whitespace();
      } else if (c >= 0) {
        if (!first) peek_error("expected `,` or `}`");
        first = false;
      } else {
        peek_error("EOF while parsing an object");
      }
      if (c == '"') {
        eat();
        string();
      } else if (c == '}') {
        peek_error("trailing comma");
      } else if (c >= 0) {
        peek_error("key must be a string");
      } else {
        peek_error(kEofValue);
      }
      c = whitespace();
      if (c == ':') {
        eat();
      } else if (c >= 0) {
        peek_error("expected `:`");
      } else {
        peek_error("EOF while parsing an object");
      }
      value();
    }
  }

  void string() {
    for (;;) {
      while (i_ < s_.size()) {
        const auto c = static_cast<unsigned char>(s_[i_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++i_;
      }
      if (i_ == s_.size()) error(kEofString);
      const char c = s_[i_++];
      if (c == '"') return;
      if (c != '\\') error("control character (\\u0000-\\u001F) found while parsing a string");
      escape();
    }
  }

  void escape() {
    const int c = next();
    if (c < 0) error(kEofString);
    switch (c) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return;
      case 'u': break;
      default: error("invalid escape");
    }
    const unsigned n1 = hex4();
    if (n1 >= 0xDC00 && n1 <= 0xDFFF) error("lone leading surrogate in hex escape");
    if (n1 < 0xD800 || n1 > 0xDBFF) return;
    // A leading surrogate must be followed by "\\u"; serde consumes the byte it rejects.
    for (char expected : {'\\', 'u'}) {
      const int c = peek();
      if (c < 0) error(kEofString);
      eat();
      if (c != expected) error("unexpected end of hex escape");
    }
    const unsigned n2 = hex4();
    if (n2 < 0xDC00 || n2 > 0xDFFF) error("lone leading surrogate in hex escape");
  }

  unsigned hex4() {
    if (i_ + 4 > s_.size()) {
      i_ = s_.size();
      error(kEofString);
    }
    unsigned n = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) error("invalid escape");
      n = n * 16 + static_cast<unsigned>(v);
    }
    return n;
  }

  // After an optional '-'.
  void integer() {
    const int c = next();
    if (c < 0) error(kEofValue);
    if (c == '0') {
      if (is_digit(peek_or_null())) peek_error(kInvalidNumber);
      return number(0);
    }
    if (!is_digit(c)) error(kInvalidNumber);
    std::uint64_t significand = static_cast<std::uint64_t>(c - '0');
    for (;;) {
      const int p = peek_or_null();
      if (!is_digit(p)) return number(significand);
      const auto digit = static_cast<std::uint64_t>(p - '0');
      if (overflows(significand, digit, std::numeric_limits<std::uint64_t>::max()))
        return long_integer(significand);
      eat();
      significand = significand * 10 + digit;
    }
  }

  void number(std::uint64_t significand) {
    const int p = peek_or_null();
    if (p == '.') return decimal(significand, 0);
    if (p == 'e' || p == 'E') return exponent(significand, 0);
  }

  void long_integer(std::uint64_t significand) {
    std::int32_t exp = 0;
    for (;;) {
      const int p = peek_or_null();
      if (is_digit(p)) {
        eat();
        ++exp;
      } else if (p == '.') {
        return decimal(significand, exp);
      } else if (p == 'e' || p == 'E') {
        return exponent(significand, exp);
      } else {
        return from_parts(significand, exp);
      }
    }
  }

  void decimal(std::uint64_t significand, std::int32_t exponent_before) {
    eat();  // '.'
    std::int32_t after = 0;
    for (;;) {
      const int p = peek_or_null();
      if (!is_digit(p)) break;
      const auto digit = static_cast<std::uint64_t>(p - '0');
      if (overflows(significand, digit, std::numeric_limits<std::uint64_t>::max())) {
        while (is_digit(peek_or_null())) eat();  // further digits are ignored
        const int q = peek_or_null();
        if (q == 'e' || q == 'E') return exponent(significand, exponent_before + after);
        return from_parts(significand, exponent_before + after);
      }
      eat();
      significand = significand * 10 + digit;
      --after;
    }
    if (after == 0) peek_error(peek() >= 0 ? kInvalidNumber : kEofValue);
    const int q = peek_or_null();
    if (q == 'e' || q == 'E') return exponent(significand, exponent_before + after);
    from_parts(significand, exponent_before + after);
  }

  void exponent(std::uint64_t significand, std::int32_t starting) {
    eat();  // 'e'
    bool positive_exp = true;
    if (peek_or_null() == '+') {
      eat();
    } else if (peek_or_null() == '-') {
      eat();
      positive_exp = false;
    }
    const int c = next();
    if (c < 0) error(kEofValue);
    if (!is_digit(c)) error(kInvalidNumber);
    std::int32_t exp = c - '0';
    for (;;) {
      const int p = peek_or_null();
      if (!is_digit(p)) break;
      eat();
      const std::int32_t digit = p - '0';
      if (overflows(exp, digit, std::numeric_limits<std::int32_t>::max())) {
        if (significand != 0 && positive_exp) error(kOutOfRange);
        while (is_digit(peek_or_null())) eat();
        return;
      }
      exp = exp * 10 + digit;
    }
    const std::int64_t wide = positive_exp ? std::int64_t{starting} + exp : std::int64_t{starting} - exp;
    const auto final_exp = static_cast<std::int32_t>(
        std::clamp<std::int64_t>(wide, std::numeric_limits<std::int32_t>::min(),
                                 std::numeric_limits<std::int32_t>::max()));
    from_parts(significand, final_exp);
  }

  // serde's float construction: only whether it overflows matters.
  void from_parts(std::uint64_t significand, std::int32_t exponent) {
    double f = static_cast<double>(significand);
    for (;;) {
      const std::int64_t magnitude = exponent < 0 ? -std::int64_t{exponent} : exponent;
      if (magnitude <= 308 && exponent != std::numeric_limits<std::int32_t>::min()) {
        if (exponent >= 0) {
          f *= pow10_table()[magnitude];
          if (std::isinf(f)) error(kOutOfRange);
        }
        return;
      }
      if (f == 0.0) return;
      if (exponent >= 0) error(kOutOfRange);
      f /= 1e308;
      exponent += 308;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int remaining_depth_ = 128;
};

}  // namespace

std::optional<std::string> serde_json_error(std::string_view text) {
  try {
    SerdeReader(text).document();
    return std::nullopt;
  } catch (const Failure& f) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < f.index; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return std::string(f.message) + " at line " + std::to_string(line) + " column " +
           std::to_string(f.index - line_start);
  }
}

}  // namespace fluence::air
