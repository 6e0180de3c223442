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

// The end of the string whose content continues at t[i] if it is written as serde_json
// writes strings, else kBad. `escaped` is set when it holds an escape sequence.
std::size_t check_string_from(std::string_view t, std::size_t i, bool& escaped) {
  const std::size_t n = t.size();
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
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

}  // namespace

// A state machine over the text (read a value, read a key, after a value), with the short
// tokens that make up most documents (short plain strings and keys, short integers) read
// inline: this scan runs over every big stored value a particle brings.
bool is_canonical(std::string_view text) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  const auto* p = begin;
  // Per open container: an object (else an array), and its last key. Entries are written when
  // a container opens; left uninitialized, as most texts checked are small (1.7 KB to clear).
  struct LastKey {
    const char* data;  // null: no key yet
    std::size_t size;
  };
  std::array<bool, kMaxDepth> object;
  std::array<LastKey, kMaxDepth> last_key;
  std::size_t depth = 0;
  const auto at = [&](const unsigned char* q) { return static_cast<std::size_t>(q - begin); };
  // The end of the string at p (its quote) as an offset, or kBad; short plain strings inline.
  const auto string_end = [&](const unsigned char* q, bool& escaped) -> const unsigned char* {
    const unsigned char* stop = end - q > 17 ? q + 17 : end;
    ++q;
    while (q < stop && kPlainStringByte[*q]) ++q;
    if (q < stop && *q == '"') return q + 1;
    const std::size_t e = check_string_from(text, at(q), escaped);
    return e == kBad ? nullptr : begin + e;
  };

value:
  if (p == end) return false;
  switch (*p) {
    case '"': {
      bool escaped = false;
      p = string_end(p, escaped);
      if (!p) return false;
      goto after_value;
    }
    case '{':
    case '[': {
      const bool is_object = *p == '{';
      if (end - p >= 2 && p[1] == (is_object ? '}' : ']')) {
        p += 2;
        goto after_value;
      }
      if (depth == kMaxDepth) return false;
      object[depth] = is_object;
      last_key[depth] = LastKey{nullptr, 0};
      ++depth;
      ++p;
      if (is_object) goto key;
      goto value;
    }
    case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
      // short integers inline; anything else by check_number
      const unsigned char* q = p + 1;
      const unsigned char* stop = end - p > 15 ? p + 15 : end;
      while (q < stop && *q >= '0' && *q <= '9') ++q;
      if (q < end && (*q == ',' || *q == ']' || *q == '}')) {
        p = q;
      } else {
        const std::size_t e = check_number(text, at(p));
        if (e == kBad) return false;
        p = begin + e;
      }
      goto after_value;
    }
    case '-':
    case '0': {
      const std::size_t e = check_number(text, at(p));
      if (e == kBad) return false;
      p = begin + e;
      goto after_value;
    }
    case 't':
    case 'n':
      if (end - p < 4 || std::memcmp(p, *p == 't' ? "true" : "null", 4) != 0) return false;
      p += 4;
      goto after_value;
    case 'f':
      if (end - p < 5 || std::memcmp(p, "false", 5) != 0) return false;
      p += 5;
      goto after_value;
    default:
      return false;
  }

key: {
  // Keys strictly increasing (sorted, no duplicates); escaped keys are left to canonicalize.
  if (p == end || *p != '"') return false;
  bool escaped = false;
  const unsigned char* e = string_end(p, escaped);
  if (!e || escaped || e == end || *e != ':') return false;
  const std::string_view key(reinterpret_cast<const char*>(p + 1), static_cast<std::size_t>(e - p - 2));
  LastKey& previous = last_key[depth - 1];
  if (previous.data && !key_less(std::string_view(previous.data, previous.size), key)) return false;
  previous = LastKey{key.data(), key.size()};
  p = e + 1;
  goto value;
}

after_value:
  if (depth == 0) return p == end;
  if (p == end) return false;
  if (*p == ',') {
    ++p;
    if (object[depth - 1]) goto key;
    goto value;
  }
  if (*p != (object[depth - 1] ? '}' : ']')) return false;
  ++p;
  --depth;
  goto after_value;
}

}  // namespace fluence::air::json_text
