// Unsigned LEB128 varints as multiformats uses them: minimal, at most 9 bytes (63 bits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "fluence/core/bytes.h"

namespace fluence {

void append_uvarint(Bytes& out, std::uint64_t value);
Bytes encode_uvarint(std::uint64_t value);

// Reads a varint at data[pos], advances pos past it. Throws Error(kInvalidInput) on truncation,
// a non-minimal encoding, or more than 9 bytes.
std::uint64_t read_uvarint(ByteView data, std::size_t& pos);

// As read_uvarint, but returns nullopt when the data ends before the varint does (for stream
// parsers that wait for more bytes). Still throws on malformed encodings.
std::optional<std::uint64_t> try_read_uvarint(ByteView data, std::size_t& pos);

}  // namespace fluence
