// Strict UTF-8 validation (as Rust's str::from_utf8: no overlong forms, no surrogates, nothing
// above U+10FFFF), with an ASCII fast path for the large JSON texts particle data carries.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fluence::air {

bool is_valid_utf8(const std::uint8_t* data, std::size_t size);

}  // namespace fluence::air
