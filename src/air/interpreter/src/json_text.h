// Canonical JSON text (air.md §5.1) used as a value representation: one-pass canonicalization
// of JSON text without a tree, and reading fields, elements and lengths out of canonical text
// without parsing it. Large values live in this form (values.h), so that a 100 MB service
// result costs its text, not a DOM several times its size.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fluence::air::json_text {

// canonical_json(parse_json(text)) computed in one pass without building a tree; throws what
// parse_json throws on text it rejects.
std::string canonicalize(std::string_view text);
// True when canonicalize(text) == text is known from one scan (no whitespace, sorted unique
// keys, serde's string escapes, numbers it keeps as written); false means "not known": the
// text may still be canonical (exponents, long numbers, escaped keys) or not JSON at all.
bool is_canonical(std::string_view text);

// The functions below take the canonical text of one value (as canonicalize produces).
enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
Kind kind_of(std::string_view value);
// An integer number (no fraction or exponent: serde's u64/i64).
bool is_integer(std::string_view value);
// The end of the value that starts at text[pos].
std::size_t skip_value(std::string_view text, std::size_t pos);
// The value of field `name` (raw, unescaped) of an object.
std::optional<std::string_view> field(std::string_view object, std::string_view name);
// The element `index` of an array.
std::optional<std::string_view> element(std::string_view array, std::size_t index);
std::size_t array_size(std::string_view array);
// The members of an object in text order: (key as written, with its quotes; value).
std::vector<std::pair<std::string_view, std::string_view>> members(std::string_view object);
std::vector<std::string_view> elements(std::string_view array);

}  // namespace fluence::air::json_text
