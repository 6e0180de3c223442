// json_text::is_canonical: a single validating scan that recognises text canonicalize() would
// return unchanged, so that stored values and service results already in canonical form (all
// of those written by a peer) skip the rewriting pass.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "json_text.h"

namespace fluence::air::json_text {
namespace {

// canonicalize() has a depth limit (127) with its own error; deep text is left to it.
constexpr std::size_t kMaxDepth = 100;
constexpr std::size_t kBad = static_cast<std::size_t>(-1);

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// True when one of the 8 bytes of `w` is '"', '\\', a control character or non-ASCII: the
// bytes a string scan must look at one by one.
inline bool has_special_byte(std::uint64_t w) {
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
  return (has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\')) | below_space | (w & kHighs)) != 0;
}

inline bool is_hex_lower(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
inline int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// The end of the UTF-8 sequence at t[i] (non-ASCII lead byte), or kBad if it is not valid.
std::size_t skip_utf8(std::string_view t, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  const unsigned char c = byte(i);
  std::size_t len;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return kBad;
  }
  if (i + len > t.size()) return kBad;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return kBad;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return kBad;
  return i + len;
}

// String bytes that need no look: printable ASCII and DEL, other than '"' and '\\'.
constexpr auto kPlainStringByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

// The end of the string starting at the quote t[i] if it is written as serde_json writes
// strings, else kBad. `escaped` is set when it holds an escape sequence.
std::size_t check_string(std::string_view t, std::size_t i, bool& escaped) {
  const std::size_t n = t.size();
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  ++i;
  for (;;) {
    // Most strings are short: bytes one by one first, eight at a time once a string is long.
    const std::size_t stop = std::min(n, i + 16);
    while (i < stop && kPlainStringByte[p[i]]) ++i;
    if (i == stop && i < n) {
      while (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (has_special_byte(w)) break;
        i += 8;
      }
      while (i < n && kPlainStringByte[p[i]]) ++i;
    }
    if (i >= n) return kBad;
    const unsigned char c = p[i];
    if (c == '"') return i + 1;
    if (c < 0x20) return kBad;  // a raw control character: not JSON
    if (c >= 0x80) {
      i = skip_utf8(t, i);
      if (i == kBad) return kBad;
      continue;
    }
    // An escape: serde_json writes only these, and \u00XX only for the other control characters.
    escaped = true;
    if (i + 1 >= n) return kBad;
    switch (t[i + 1]) {
      case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
        i += 2;
        continue;
      case 'u': {
        if (i + 6 > n || t[i + 2] != '0' || t[i + 3] != '0' || !is_hex_lower(t[i + 4]) ||
            !is_hex_lower(t[i + 5]))
          return kBad;
        const int v = hex_value(t[i + 4]) * 16 + hex_value(t[i + 5]);
        if (v >= 0x20 || v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t') return kBad;
        i += 6;
        continue;
      }
      default:
        return kBad;
    }
  }
}

// a < b for keys (byte order, as serde_json's BTreeMap); most keys differ in the first byte.
inline bool key_less(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  return a < b;
}

// The end of the number at t[i] if canonicalize() gives it back as written: an integer of at
// most 15 digits other than "-0", or a plain decimal of at most 15 significant digits without a
// trailing zero (such a decimal is its own shortest round-trip form), with at most 4 zeros after
// the point when its integer part is 0 (Ryu's layout). Exponents and longer numbers are left to
// canonicalize.
std::size_t check_number(std::string_view t, std::size_t i) {
  const std::size_t n = t.size();
  const bool negative = t[i] == '-';
  if (negative) ++i;
  const std::size_t first = i;
  while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
  const std::size_t int_digits = i - first;
  if (int_digits == 0 || (t[first] == '0' && int_digits > 1)) return kBad;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) return kBad;
  if (i >= n || t[i] != '.') {
    if (int_digits > 15 || (negative && t[first] == '0')) return kBad;
    return i;
  }
  ++i;
  const std::size_t fraction_from = i;
  while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
  const std::size_t fraction_digits = i - fraction_from;
  if (fraction_digits == 0 || t[i - 1] == '0') return kBad;
  if (t[first] != '0') {
    if (int_digits + fraction_digits > 15) return kBad;
  } else {
    // 0.000ddd: Ryu writes such a number this way while it has at most 4 zeros after the point.
    std::size_t zeros = 0;
    while (t[fraction_from + zeros] == '0') ++zeros;
    if (zeros > 4 || fraction_digits - zeros > 15) return kBad;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) return kBad;
  return i;
}

bool starts_with_at(std::string_view t, std::size_t i, std::string_view word) {
  return t.size() - i >= word.size() && std::memcmp(t.data() + i, word.data(), word.size()) == 0;
}

}  // namespace

bool is_canonical(std::string_view t) {
  struct Level {
    bool object;
    std::string_view key;  // the last key read in an object
  };
  std::array<Level, kMaxDepth> stack;
  std::size_t depth = 0;
  const std::size_t n = t.size();
  std::size_t i = 0;
  // Each round reads one value at t[i], then what follows it inside its container.
  for (;;) {
    if (i >= n) return false;
    const char c = t[i];
    if (c == '{' || c == '[') {
      if (depth == kMaxDepth) return false;
      stack[depth++] = Level{c == '{', {}};
      ++i;
      if (i < n && t[i] == (c == '{' ? '}' : ']')) {
        --depth;
        ++i;
      } else if (c == '{') {
        // the first key
        if (i >= n || t[i] != '"') return false;
        bool escaped = false;
        const std::size_t end = check_string(t, i, escaped);
        if (end == kBad || escaped || end >= n || t[end] != ':') return false;
        stack[depth - 1].key = t.substr(i + 1, end - i - 2);
        i = end + 1;
        continue;
      } else {
        continue;
      }
    } else if (c == '"') {
      bool escaped = false;
      i = check_string(t, i, escaped);
      if (i == kBad) return false;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      i = check_number(t, i);
      if (i == kBad) return false;
    } else if (starts_with_at(t, i, "true") || starts_with_at(t, i, "null")) {
      i += 4;
    } else if (starts_with_at(t, i, "false")) {
      i += 5;
    } else {
      return false;
    }
    // After a value: close containers, or go on to the next element / member.
    for (;;) {
      if (depth == 0) return i == n;
      if (i >= n) return false;
      Level& level = stack[depth - 1];
      if (t[i] == (level.object ? '}' : ']')) {
        --depth;
        ++i;
        continue;
      }
      if (t[i] != ',') return false;
      ++i;
      if (level.object) {
        // keys strictly increasing (sorted, no duplicates); escaped keys are left to canonicalize
        if (i >= n || t[i] != '"') return false;
        bool escaped = false;
        const std::size_t end = check_string(t, i, escaped);
        if (end == kBad || escaped || end >= n || t[end] != ':') return false;
        const std::string_view key = t.substr(i + 1, end - i - 2);
        if (!key_less(level.key, key)) return false;
        level.key = key;
        i = end + 1;
      }
      break;
    }
  }
}

}  // namespace fluence::air::json_text
