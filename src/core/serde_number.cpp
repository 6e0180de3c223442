#include "serde_number.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace fluence::serde_number {

namespace {

// Powers of ten 1e0 .. 1e308, each the correctly rounded double (as Rust float literals are).
const std::array<double, 309>& pow10_table() {
  static const std::array<double, 309> table = [] {
    std::array<double, 309> t{};
    for (int e = 0; e < 309; ++e) {
      std::string text = "1e" + std::to_string(e);
      std::from_chars(text.data(), text.data() + text.size(), t[e]);
    }
    return t;
  }();
  return table;
}

// serde's `overflow!(a * 10 + b, max)`: would a * 10 + b exceed max?
template <class T>
bool would_overflow(T a, T b, T max) {
  return a >= max / 10 && (a > max / 10 || b > max % 10);
}

std::int32_t saturating_add(std::int32_t a, std::int32_t b) {
  std::int64_t r = std::int64_t{a} + b;
  if (r > std::numeric_limits<std::int32_t>::max()) return std::numeric_limits<std::int32_t>::max();
  if (r < std::numeric_limits<std::int32_t>::min()) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(r);
}

// serde_json's f64_from_parts (without float_roundtrip).
std::optional<double> from_parts(bool positive, std::uint64_t significand, std::int32_t exponent) {
  const auto& pow10 = pow10_table();
  double f = static_cast<double>(significand);
  std::int64_t e = exponent;
  for (;;) {
    std::int64_t magnitude = e < 0 ? -e : e;
    if (magnitude < static_cast<std::int64_t>(pow10.size())) {
      double p = pow10[static_cast<std::size_t>(magnitude)];
      if (e >= 0) {
        f *= p;
        if (std::isinf(f)) return std::nullopt;
      } else {
        f /= p;
      }
      break;
    }
    if (f == 0.0) break;
    if (e >= 0) return std::nullopt;
    f /= 1e308;
    e += 308;
  }
  return positive ? f : -f;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Number> parse(std::string_view text) {
  constexpr auto kU64Max = std::numeric_limits<std::uint64_t>::max();
  std::size_t i = 0;
  bool positive = true;
  if (i < text.size() && text[i] == '-') {
    positive = false;
    ++i;
  }
  // Integer part: accumulate while the u64 does not overflow, then only count digits.
  std::uint64_t significand = 0;
  std::int32_t exponent = 0;
  bool long_integer = false;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (!long_integer && would_overflow(significand, digit, kU64Max)) long_integer = true;
    if (long_integer) {
      ++exponent;
    } else {
      significand = significand * 10 + digit;
    }
  }
  bool is_float = long_integer;
  if (i < text.size() && text[i] == '.') {
    is_float = true;
    ++i;
    std::int32_t after_point = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      auto digit = static_cast<std::uint64_t>(text[i] - '0');
      if (would_overflow(significand, digit, kU64Max)) {
        // Every further digit is ignored.
        while (i < text.size() && is_digit(text[i])) ++i;
        break;
      }
      significand = significand * 10 + digit;
      --after_point;
    }
    exponent += after_point;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool positive_exp = true;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) positive_exp = text[i++] == '+';
    std::int32_t exp = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      auto digit = static_cast<std::int32_t>(text[i] - '0');
      if (would_overflow(exp, digit, std::numeric_limits<std::int32_t>::max())) {
        // An absurd exponent: out of range, or zero.
        if (significand != 0 && positive_exp) return std::nullopt;
        return Number{Number::Kind::kFloat, 0, 0, positive ? 0.0 : -0.0};
      }
      exp = exp * 10 + digit;
    }
    std::int32_t final_exp = positive_exp ? saturating_add(exponent, exp)
                                          : saturating_add(exponent, -exp);
    auto f = from_parts(positive, significand, final_exp);
    if (!f) return std::nullopt;
    return Number{Number::Kind::kFloat, 0, 0, *f};
  }
  if (is_float) {
    auto f = from_parts(positive, significand, exponent);
    if (!f) return std::nullopt;
    return Number{Number::Kind::kFloat, 0, 0, *f};
  }
  if (positive) return Number{Number::Kind::kUnsigned, significand, 0, 0};
  // Negative: i64 when it fits, else (or for -0) the float -(significand).
  if (significand != 0 && significand <= std::uint64_t{1} << 63) {
    auto magnitude_minus_one = static_cast<std::int64_t>(significand - 1);
    return Number{Number::Kind::kSigned, 0, -magnitude_minus_one - 1, 0};
  }
  return Number{Number::Kind::kFloat, 0, 0, -static_cast<double>(significand)};
}

}  // namespace fluence::serde_number
