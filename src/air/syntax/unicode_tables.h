// Sorted code point ranges of the Unicode properties Rust's char predicates use (generated).
#pragma once

#include <cstdint>
#include <span>

namespace fluence::air {

struct CodePointRange {
  uint32_t first;
  uint32_t last;
};

extern const std::span<const CodePointRange> kAlphabetic;
extern const std::span<const CodePointRange> kNumeric;
extern const std::span<const CodePointRange> kWhiteSpace;

}  // namespace fluence::air
