// Internal to the core library: the value serde_json gives a JSON number, bit for bit. AquaVM
// builds serde_json without its `float_roundtrip` feature, so floats are read by a fast
// best-effort method (u64 significand, then one multiply or divide by a power of ten) that is
// not always correctly rounded; CIDs of re-serialized values depend on reproducing it exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fluence::serde_number {

struct Number {
  enum class Kind { kUnsigned, kSigned, kFloat } kind;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  double f = 0;
};

// `text` must be a syntactically valid JSON number. Returns nullopt where serde_json fails with
// "number out of range" (a float that overflows to infinity).
std::optional<Number> parse(std::string_view text);

}  // namespace fluence::serde_number
