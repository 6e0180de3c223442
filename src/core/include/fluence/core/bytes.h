// Byte buffers and views used across all layers, plus hex (base16) text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fluence {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_chars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Lower-case hex without separators; decoding accepts both cases and throws on odd length or
// a non-hex character.
std::string hex_encode(ByteView data);
Bytes hex_decode(std::string_view text);

}  // namespace fluence
