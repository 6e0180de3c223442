#include "fluence/core/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value.hpp>

#include "fluence/core/error.h"
#include "fluence/core/utf8.h"
#include "serde_number.h"

namespace fluence {

namespace json = boost::json;

namespace {

std::string_view view(json::string_view s) { return {s.data(), s.size()}; }

void append_value(std::string& out, const json::value& value);

void append_object(std::string& out, const json::object& object) {
  // serde_json's Map is a BTreeMap<String, Value>: keys in byte order.
  std::vector<const json::key_value_pair*> entries;
  entries.reserve(object.size());
  for (const auto& kv : object) entries.push_back(&kv);
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
    return view(a->key()) < view(b->key());
  });
  out.push_back('{');
  bool first = true;
  for (const auto* kv : entries) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, view(kv->key()));
    out.push_back(':');
    append_value(out, kv->value());
  }
  out.push_back('}');
}

void append_value(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
    case json::kind::int64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, value.get_int64());
      out.append(buf, r.ptr);
      break;
    }
    case json::kind::uint64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, value.get_uint64());
      out.append(buf, r.ptr);
      break;
    }
    case json::kind::double_: append_json_double(out, value.get_double()); break;
    case json::kind::string: append_json_string(out, view(value.get_string())); break;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: append_object(out, value.get_object()); break;
  }
}

// Builds a boost::json::value from basic_parser events, reading numbers from their text exactly
// as serde_json does (serde_number.h), and letting duplicate keys overwrite.
class SerdeLikeHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  json::value result;
  std::string error;  // set when a handler callback rejects the input

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) {
    frames_.push_back({json::value(json::array_kind), {}});
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) { return close_frame(); }
  bool on_object_begin(json::error_code&) {
    frames_.push_back({json::value(json::object_kind), {}});
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) { return close_frame(); }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    if (text_.empty()) {
      add(json::value(s));
      return true;
    }
    text_.append(s.data(), s.size());
    add(json::value(json::string_view(text_)));
    text_.clear();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (text_.empty()) {
      frames_.back().key.assign(s.data(), s.size());
      return true;
    }
    text_.append(s.data(), s.size());
    frames_.back().key.swap(text_);
    text_.clear();
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  // Boost reports integers (no fraction, no exponent) that fit 64 bits here, with serde's value
  // except for the sign: serde makes non-negative integers u64 and "-0" a float.
  bool on_int64(std::int64_t i, json::string_view s, json::error_code& ec) {
    if (!text_.empty()) return number(s, ec);
    if (i < 0) {
      add(json::value(i));
    } else if (i == 0 && s.size() > 0 && s[0] == '-') {
      add(json::value(-0.0));
    } else {
      add(json::value(static_cast<std::uint64_t>(i)));
    }
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view s, json::error_code& ec) {
    if (!text_.empty()) return number(s, ec);
    add(json::value(u));
    return true;
  }
  bool on_double(double, json::string_view s, json::error_code& ec) { return number(s, ec); }
  bool on_bool(bool b, json::error_code&) {
    add(json::value(b));
    return true;
  }
  bool on_null(json::error_code&) {
    add(json::value(nullptr));
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    json::value container;
    std::string key;
  };

  void add(json::value v) {
    if (frames_.empty()) {
      result = std::move(v);
    } else if (auto* array = frames_.back().container.if_array()) {
      array->push_back(std::move(v));
    } else {
      frames_.back().container.get_object().insert_or_assign(frames_.back().key, std::move(v));
    }
  }

  bool close_frame() {
    json::value done = std::move(frames_.back().container);
    frames_.pop_back();
    add(std::move(done));
    return true;
  }

  bool number(json::string_view last, json::error_code& ec) {
    std::optional<serde_number::Number> number;
    if (text_.empty()) {
      number = serde_number::parse(std::string_view(last.data(), last.size()));
    } else {
      text_.append(last.data(), last.size());
      number = serde_number::parse(text_);
      text_.clear();
    }
    if (!number) {
      error = "number out of range";
      ec = json::error::exponent_overflow;
      return false;
    }
    switch (number->kind) {
      case serde_number::Number::Kind::kUnsigned: add(json::value(number->u)); break;
      case serde_number::Number::Kind::kSigned: add(json::value(number->i)); break;
      case serde_number::Number::Kind::kFloat: add(json::value(number->f)); break;
    }
    return true;
  }

  std::vector<Frame> frames_;
  std::string text_;
};

}  // namespace

std::string canonical_json(const json::value& value) {
  std::string out;
  append_value(out, value);
  return out;
}

void append_canonical_json(std::string& out, const json::value& value) { append_value(out, value); }

void append_json_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";  // serde_json writes NaN and infinities as null
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  // buf holds [-]d[.ddd]e(+|-)xx with the shortest round-trip digits.
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e_pos + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);

  // Ryu's "pretty" layout as serde_json uses it: kk is the position of the decimal point
  // relative to the first digit.
  int n = static_cast<int>(digits.size());
  int kk = exponent + 1;
  if (kk >= n && kk <= 16) {
    out += digits;
    out.append(static_cast<std::size_t>(kk - n), '0');
    out += ".0";
  } else if (kk > 0 && kk <= 16) {
    out.append(digits, 0, static_cast<std::size_t>(kk));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(kk));
  } else if (kk > -5 && kk <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-kk), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (n > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out += std::to_string(kk - 1);
  }
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(text, run);
  out.push_back('"');
}

namespace {

std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + " column " + std::to_string(column);
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Boost's tokenizer rejects an exponent beyond 32 bits, which serde reads as zero (or reports
// out of range). Where Boost stopped on one, replace that number by the text of serde's value
// and parse again. Returns false if the number is out of range for serde too.
bool replace_huge_exponent(std::string& text, std::size_t offset) {
  std::size_t start = std::min(offset, text.size());
  while (start > 0 && is_number_char(text[start - 1])) --start;
  std::size_t end = std::min(offset, text.size());
  while (end < text.size() && is_number_char(text[end])) ++end;
  auto number = serde_number::parse(std::string_view(text).substr(start, end - start));
  if (!number || number->kind != serde_number::Number::Kind::kFloat || number->f != 0.0) {
    return false;
  }
  text.replace(start, end - start, std::signbit(number->f) ? "-0.0" : "0.0");
  return true;
}

// The commonest small texts (a number, word or flag a service returns, a stored value of one
// of them) read without setting up the parser; anything else (nullopt) takes the parser.
std::optional<json::value> parse_simple(std::string_view t) {
  if (t.empty() || t.size() > 256) return std::nullopt;
  const auto digits = [](std::string_view d) {
    for (char c : d)
      if (c < '0' || c > '9') return false;
    return true;
  };
  const char c = t[0];
  if (c >= '1' && c <= '9' && t.size() <= 19 && digits(t)) {
    std::uint64_t u = 0;
    for (char d : t) u = u * 10 + static_cast<std::uint64_t>(d - '0');
    return json::value(u);
  }
  if (t == "0") return json::value(std::uint64_t{0});
  if (c == '-' && t.size() >= 2 && t.size() <= 19 && t[1] >= '1' && t[1] <= '9' && digits(t.substr(1))) {
    std::int64_t i = 0;
    for (char d : t.substr(1)) i = i * 10 + (d - '0');
    return json::value(-i);
  }
  if (c == '"' && t.size() >= 2 && t.back() == '"') {
    const std::string_view body = t.substr(1, t.size() - 2);
    for (char b : body)
      if (b == '"' || b == '\\' || static_cast<unsigned char>(b) < 0x20) return std::nullopt;
    if (!is_valid_utf8(body)) return std::nullopt;
    return json::value(json::string(body));
  }
  if (t == "true") return json::value(true);
  if (t == "false") return json::value(false);
  if (t == "null") return json::value(nullptr);
  return std::nullopt;
}

}  // namespace

json::value parse_json(std::string_view text) {
  if (auto simple = parse_simple(text)) return std::move(*simple);
  json::parse_options options;
  options.max_depth = 127;  // serde_json refuses the 128th level of nesting
  std::string rewritten;  // only used when a huge exponent has to be replaced
  std::string_view input = text;
  for (int replacements = 0;; ++replacements) {
    json::basic_parser<SerdeLikeHandler> parser(options);
    json::error_code ec;
    std::size_t consumed = parser.write_some(false, input.data(), input.size(), ec);
    if (!ec && consumed == input.size()) return std::move(parser.handler().result);
    bool huge_exponent = ec == json::error::exponent_overflow && parser.handler().error.empty();
    // A few such numbers are fixed up; text full of them is refused rather than re-parsed
    // again and again.
    if (huge_exponent && replacements < 8) {
      if (rewritten.empty()) rewritten.assign(text);
      if (replace_huge_exponent(rewritten, consumed)) {
        input = rewritten;
        continue;
      }
    }
    std::string reason;
    if (ec) {
      reason = parser.handler().error.empty() ? ec.message() : parser.handler().error;
      if (huge_exponent) reason = "number out of range";
    } else {
      reason = "trailing characters";
    }
    // After a replacement, offsets no longer match the caller's text; report the position in
    // the original only when nothing was replaced.
    std::string where = input.data() == text.data() ? " at " + line_and_column(text, consumed) : "";
    throw_invalid("JSON: " + reason + where);
  }
}

}  // namespace fluence
