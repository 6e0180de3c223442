// Fixed-size digests: SHA-256 (libsodium) and BLAKE3 (our own implementation, see blake3.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "fluence/core/bytes.h"

namespace fluence {

using Digest32 = std::array<std::uint8_t, 32>;

Digest32 sha256(ByteView data);
Digest32 blake3(ByteView data);
// blake3() of each input into out[i] (out.size() == inputs.size()); short inputs (up to one
// 1 KiB chunk) are hashed several at a time in SIMD lanes, which is what many small values
// (a particle's stores) need.
void blake3_many(std::span<const ByteView> inputs, std::span<Digest32> out);

}  // namespace fluence
