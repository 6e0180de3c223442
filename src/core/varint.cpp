#include "fluence/core/varint.h"

#include <string>

#include "fluence/core/error.h"

namespace fluence {

namespace {

// The multiformats spec caps varints at 9 bytes, i.e. 63 bits of value.
constexpr std::size_t kMaxVarintBytes = 9;

}  // namespace

void append_uvarint(Bytes& out, std::uint64_t value) {
  if (value >> 63) throw_invalid("varint: value " + std::to_string(value) + " exceeds 63 bits");
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

Bytes encode_uvarint(std::uint64_t value) {
  Bytes out;
  append_uvarint(out, value);
  return out;
}

std::optional<std::uint64_t> try_read_uvarint(ByteView data, std::size_t& pos) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (pos + i >= data.size()) return std::nullopt;
    std::uint8_t byte = data[pos + i];
    value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      // A zero final byte after other bytes means the value had a shorter encoding.
      if (byte == 0 && i > 0) {
        throw_invalid("varint: non-minimal encoding at offset " + std::to_string(pos));
      }
      pos += i + 1;
      return value;
    }
  }
  throw_invalid("varint: longer than 9 bytes at offset " + std::to_string(pos));
}

std::uint64_t read_uvarint(ByteView data, std::size_t& pos) {
  auto value = try_read_uvarint(data, pos);
  if (!value) throw_invalid("varint: truncated at offset " + std::to_string(pos));
  return *value;
}

}  // namespace fluence
