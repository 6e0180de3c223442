#include "json_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <boost/json/basic_parser_impl.hpp>

#include "fluence/core/canonical_json.h"

namespace fluence::air::json_text {

namespace json = boost::json;

namespace {

// Printable ASCII other than '"' and '\\' is written as it is by serde_json's escaping.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c <= 0x7e; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

// append_json_string, with plain text (most keys and strings) copied without the escaper.
void append_string(std::string& out, std::string_view s) {
  bool plain = true;
  for (unsigned char c : s) plain &= kPlain[c];
  if (!plain) {
    append_json_string(out, s);
    return;
  }
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}

// Writes canonical text from basic_parser events. Every element and member is written followed
// by ',' (so members can be reordered as whole units); a container's last ',' becomes its
// closing bracket. Objects whose keys arrive unsorted or repeated are reordered in place at
// their end (serde_json's BTreeMap: sorted keys, the last duplicate wins).
class CanonicalWriter {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::string out;
  bool failed = false;  // a number this writer leaves to parse_json (which reports the error)

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) {
    out.push_back('[');
    push(false);
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) {
    close(']');
    return true;
  }
  bool on_object_begin(json::error_code&) {
    out.push_back('{');
    push(true);
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    Frame& f = frames_[depth_ - 1];
    if (!f.in_order) reorder(f);
    close('}');
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    if (part_.empty()) {
      append_string(out, std::string_view(s.data(), s.size()));
    } else {
      part_.append(s.data(), s.size());
      append_string(out, part_);
      part_.clear();
    }
    after_value();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    Frame& f = frames_[depth_ - 1];
    std::string key;
    if (part_.empty()) {
      key.assign(s.data(), s.size());
    } else {
      part_.append(s.data(), s.size());
      key.swap(part_);
      part_.clear();
    }
    if (!f.members.empty() && !(f.members.back().key < key)) f.in_order = false;
    const std::size_t begin = out.size();
    append_string(out, key);
    out.push_back(':');
    f.members.push_back(Member{std::move(key), begin});
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t, json::string_view s, json::error_code& ec) { return number(s, ec); }
  bool on_uint64(std::uint64_t, json::string_view s, json::error_code& ec) { return number(s, ec); }
  bool on_double(double, json::string_view s, json::error_code& ec) { return number(s, ec); }
  bool on_bool(bool b, json::error_code&) {
    out += b ? "true" : "false";
    after_value();
    return true;
  }
  bool on_null(json::error_code&) {
    out += "null";
    after_value();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Member {
    std::string key;
    std::size_t begin;  // offset of the member's text ("key":value,) in out
  };
  struct Frame {
    bool object = false;
    bool in_order = true;
    std::size_t start = 0;  // offset just after the opening bracket
    std::vector<Member> members;
  };

  void push(bool object) {
    if (frames_.size() == depth_) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.object = object;
    f.in_order = true;
    f.start = out.size();
    f.members.clear();
  }

  void close(char bracket) {
    const Frame& f = frames_[--depth_];
    if (out.size() > f.start) {
      out.back() = bracket;
    } else {
      out.push_back(bracket);
    }
    after_value();
  }

  void after_value() {
    if (depth_ == 0) return;
    out.push_back(',');
  }

  // Sorts the members of `f` (all written, each ending with ',') by key, keeping the last of
  // equal keys.
  void reorder(Frame& f) {
    const std::size_t n = f.members.size();
    const std::size_t object_end = out.size();
    auto end_of = [&](std::size_t i) { return i + 1 < n ? f.members[i + 1].begin : object_end; };
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return f.members[a].key < f.members[b].key;
    });
    std::vector<std::size_t> kept;
    kept.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      if (i + 1 == n || f.members[order[i]].key != f.members[order[i + 1]].key)
        kept.push_back(order[i]);
    const std::size_t segment = out.size() - f.start;
    if (n > 8 || segment < (std::size_t{1} << 20)) {
      std::string old(out, f.start);
      out.resize(f.start);
      for (std::size_t i : kept)
        out.append(old, f.members[i].begin - f.start, end_of(i) - f.members[i].begin);
      return;
    }
    // Few members in a large object: rotate them into place without a copy of the object.
    struct Piece {
      std::size_t index, size;
    };
    std::vector<Piece> pieces;  // current order of the members not yet placed
    for (std::size_t i = 0; i < n; ++i) pieces.push_back({i, end_of(i) - f.members[i].begin});
    std::size_t placed = f.start;
    for (std::size_t want : kept) {
      std::size_t offset = placed, k = 0;
      while (pieces[k].index != want) offset += pieces[k++].size;
      std::rotate(out.begin() + static_cast<std::ptrdiff_t>(placed),
                  out.begin() + static_cast<std::ptrdiff_t>(offset),
                  out.begin() + static_cast<std::ptrdiff_t>(offset + pieces[k].size));
      placed += pieces[k].size;
      pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(k));
    }
    out.resize(placed);  // the dropped duplicates are what remains after the placed members
  }

  // serde_json's value of a number, rendered canonically. Integers keep their text; floats
  // within the range where one exact multiply or divide gives the correctly rounded value
  // (which is what serde computes there) are read here; the rest is left to parse_json.
  bool number(json::string_view last, json::error_code& ec) {
    std::string_view t(last.data(), last.size());
    if (!part_.empty()) {
      part_.append(last.data(), last.size());
      t = part_;
    }
    bool ok = append_number(t);
    part_.clear();
    if (!ok) {
      failed = true;
      ec = json::error::exponent_overflow;
      return false;
    }
    after_value();
    return true;
  }

  bool append_number(std::string_view t) {
    const bool negative = !t.empty() && t[0] == '-';
    std::size_t i = negative ? 1 : 0;
    std::uint64_t mantissa = 0;
    int digits = 0, fraction_digits = 0;
    bool fraction = false, exponent_seen = false;
    long exponent = 0;
    bool exponent_negative = false;
    int exponent_digits = 0;
    for (; i < t.size(); ++i) {
      char c = t[i];
      if (c >= '0' && c <= '9') {
        if (exponent_seen) {
          if (++exponent_digits > 4) return slow_number(t);
          exponent = exponent * 10 + (c - '0');
        } else {
          if (mantissa != 0 || c != '0') ++digits;
          mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
          if (fraction) ++fraction_digits;
          if (digits > 15) return slow_number(t);
        }
      } else if (c == '.') {
        fraction = true;
      } else if (c == 'e' || c == 'E') {
        exponent_seen = true;
      } else if (c == '-' && exponent_seen) {
        exponent_negative = true;
      } else if (c == '+' && exponent_seen) {
      } else {
        return slow_number(t);
      }
    }
    if (!fraction && !exponent_seen) {
      if (negative && mantissa == 0) {
        out += "-0.0";  // serde reads "-0" as a float
      } else {
        out.append(t);
      }
      return true;
    }
    // A plain decimal of at most 15 significant digits with a non-zero integer part and no
    // trailing zero is its own shortest round-trip rendering (15 digits always round-trip),
    // and Ryu's layout keeps such a number (decimal point within 16 places) as written.
    const std::size_t first = negative ? 1 : 0;
    if (!exponent_seen && fraction_digits > 0 && t[first] != '0' && t.back() != '0') {
      out.append(t);
      return true;
    }
    long e = (exponent_negative ? -exponent : exponent) - fraction_digits;
    if (e < -22 || e > 22) return slow_number(t);
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double f = static_cast<double>(mantissa);
    f = e >= 0 ? f * kPow10[e] : f / kPow10[-e];
    append_json_double(out, negative ? -f : f);
    return true;
  }

  bool slow_number(std::string_view t) {
    try {
      append_canonical_json(out, parse_json(t));
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  std::vector<Frame> frames_;  // kept across objects to reuse their member vectors
  std::size_t depth_ = 0;
  std::string part_;
};

std::size_t skip_string(std::string_view text, std::size_t pos) {
  std::size_t i = pos + 1;
  for (;;) {
    const void* q = std::memchr(text.data() + i, '"', text.size() - i);
    if (!q) return text.size();
    std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - text.data());
    std::size_t backslashes = 0;
    while (at - backslashes > pos + 1 && text[at - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return at + 1;
    i = at + 1;
  }
}

// The bytes skip_value must look at inside a container: quotes and brackets.
constexpr auto kStructural = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {'"', '[', ']', '{', '}'}) t[c] = true;
  return t;
}();

}  // namespace

std::string canonicalize(std::string_view text) {
  json::parse_options options;
  options.max_depth = 127;
  json::basic_parser<CanonicalWriter> parser(options);
  // Canonical text is rarely longer than its source: reserving avoids the doubling growth
  // that would briefly hold a big value twice.
  parser.handler().out.reserve(text.size());
  json::error_code ec;
  std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && consumed == text.size()) return std::move(parser.handler().out);
  // Errors, huge exponents and out-of-range numbers: parse_json has the exact rules and texts.
  return canonical_json(parse_json(text));
}

Kind kind_of(std::string_view v) {
  switch (v.empty() ? 'n' : v[0]) {
    case 'n': return Kind::kNull;
    case 't':
    case 'f': return Kind::kBool;
    case '"': return Kind::kString;
    case '[': return Kind::kArray;
    case '{': return Kind::kObject;
    default: return Kind::kNumber;
  }
}

bool is_integer(std::string_view v) {
  return kind_of(v) == Kind::kNumber && v.find_first_of(".eE") == std::string_view::npos;
}

namespace {

// The end of the container starting at text[pos] ('[' or '{'), scalar form.
std::size_t skip_container_bytewise(std::string_view text, std::size_t pos) {
  std::size_t depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char d = text[i];
    if (!kStructural[static_cast<unsigned char>(d)]) continue;
    if (d == '"') {
      while (++i < text.size() && text[i] != '"')
        if (text[i] == '\\') ++i;
      if (i >= text.size()) return text.size();
    } else if (d == '[' || d == '{') {
      ++depth;
    } else if (d == ']' || d == '}') {
      if (--depth == 0) return i + 1;
    }
  }
  return text.size();
}

#if defined(__SSE2__)
// A 64-bit mask of the bytes of p[0..64) equal to c.
inline std::uint64_t byte_mask(const __m128i (&chunk)[4], char c) {
  const __m128i v = _mm_set1_epi8(c);
  std::uint64_t m = 0;
  for (int k = 0; k < 4; ++k)
    m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk[k], v))))
         << (16 * k);
  return m;
}

// Bit i of the result is the XOR of bits 0..i of x: with x the quotes of a block, the bytes
// inside strings (from an opening quote up to its closing one).
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The same, 64 bytes at a time: quote positions give the bytes inside strings, which mask out
// the brackets there, and only the remaining brackets are walked. A block with a backslash is
// walked byte by byte (escapes are rare in values). Skipping a big member (a 1 MB array before
// the field a lens asks for) is most of the cost of reading such a field.
std::size_t skip_container(std::string_view text, std::size_t pos) {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;  // the previous byte was a backslash inside a string
  std::size_t i = pos;
  auto walk_byte = [&](std::size_t at) -> bool {  // true when the container ends at `at`
    const char d = p[at];
    if (in_string) {
      if (escaped) escaped = false;
      else if (d == '\\') escaped = true;
      else if (d == '"') in_string = false;
    } else if (d == '"') {
      in_string = true;
    } else if (d == '[' || d == '{') {
      ++depth;
    } else if (d == ']' || d == '}') {
      if (--depth == 0) return true;
    }
    return false;
  };
  for (; i + 64 <= n; i += 64) {
    __m128i chunk[4];
    for (int k = 0; k < 4; ++k) chunk[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16 * k));
    if (byte_mask(chunk, '\\') != 0 || escaped) {
      for (std::size_t k = 0; k < 64; ++k)
        if (walk_byte(i + k)) return i + k + 1;
      continue;
    }
    const std::uint64_t quotes = byte_mask(chunk, '"');
    std::uint64_t strings = prefix_xor(quotes);
    if (in_string) strings = ~strings;
    in_string = (strings >> 63) != 0;
    const std::uint64_t outside = ~(strings | quotes);
    const std::uint64_t opens = (byte_mask(chunk, '[') | byte_mask(chunk, '{')) & outside;
    const std::uint64_t closes = (byte_mask(chunk, ']') | byte_mask(chunk, '}')) & outside;
    if (static_cast<std::size_t>(__builtin_popcountll(closes)) < depth) {
      depth += static_cast<std::size_t>(__builtin_popcountll(opens));
      depth -= static_cast<std::size_t>(__builtin_popcountll(closes));
      continue;
    }
    for (std::uint64_t m = opens | closes; m != 0; m &= m - 1) {
      const std::uint64_t bit = m & (~m + 1);
      if (opens & bit) {
        ++depth;
      } else if (--depth == 0) {
        return i + static_cast<std::size_t>(__builtin_ctzll(m)) + 1;
      }
    }
  }
  for (; i < n; ++i)
    if (walk_byte(i)) return i + 1;
  return n;
}
#endif

}  // namespace

std::size_t skip_value(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return text.size();
  const char c = text[pos];
  if (c == '"') return skip_string(text, pos);
  if (c == '[' || c == '{') {
#if defined(__SSE2__)
    // Small containers (most elements) are quicker without the vector setup.
    if (text.size() - pos >= 256) return skip_container(text, pos);
#endif
    return skip_container_bytewise(text, pos);
  }
  std::size_t i = pos;
  while (i < text.size() && text[i] != ',' && text[i] != ']' && text[i] != '}') ++i;
  return i;
}

std::optional<std::string_view> field(std::string_view object, std::string_view name) {
  if (kind_of(object) != Kind::kObject || object.size() < 2 || object[1] == '}') return std::nullopt;
  std::string key;
  append_json_string(key, name);
  std::size_t pos = 1;
  for (;;) {
    std::size_t key_end = skip_string(object, pos);
    std::size_t value_end = skip_value(object, key_end + 1);
    if (object.substr(pos, key_end - pos) == key)
      return object.substr(key_end + 1, value_end - key_end - 1);
    if (value_end >= object.size() || object[value_end] != ',') return std::nullopt;
    pos = value_end + 1;
  }
}

std::vector<std::pair<std::string_view, std::string_view>> members(std::string_view object) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  if (kind_of(object) != Kind::kObject || object.size() < 2 || object[1] == '}') return out;
  for (std::size_t pos = 1;;) {
    std::size_t key_end = skip_string(object, pos);
    std::size_t value_end = skip_value(object, key_end + 1);
    out.emplace_back(object.substr(pos, key_end - pos),
                     object.substr(key_end + 1, value_end - key_end - 1));
    if (value_end >= object.size() || object[value_end] != ',') return out;
    pos = value_end + 1;
  }
}

std::optional<std::string_view> element(std::string_view array, std::size_t index) {
  if (kind_of(array) != Kind::kArray || array.size() < 2 || array[1] == ']') return std::nullopt;
  std::size_t pos = 1;
  for (std::size_t i = 0;; ++i) {
    std::size_t end = skip_value(array, pos);
    if (i == index) return array.substr(pos, end - pos);
    if (end >= array.size() || array[end] != ',') return std::nullopt;
    pos = end + 1;
  }
}

std::size_t array_size(std::string_view array) {
  if (kind_of(array) != Kind::kArray || array.size() < 2 || array[1] == ']') return 0;
  std::size_t n = 0;
  for (std::size_t pos = 1;;) {
    std::size_t end = skip_value(array, pos);
    ++n;
    if (end >= array.size() || array[end] != ',') return n;
    pos = end + 1;
  }
}

std::vector<std::string_view> elements(std::string_view array) {
  std::vector<std::string_view> out;
  if (kind_of(array) != Kind::kArray || array.size() < 2 || array[1] == ']') return out;
  for (std::size_t pos = 1;;) {
    std::size_t end = skip_value(array, pos);
    out.push_back(array.substr(pos, end - pos));
    if (end >= array.size() || array[end] != ',') return out;
    pos = end + 1;
  }
}

}  // namespace fluence::air::json_text
