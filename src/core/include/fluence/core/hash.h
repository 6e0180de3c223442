// Fixed-size digests: SHA-256 (libsodium) and BLAKE3 (our own implementation, see blake3.h).
#pragma once

#include <array>
#include <cstdint>

#include "fluence/core/bytes.h"

namespace fluence {

using Digest32 = std::array<std::uint8_t, 32>;

Digest32 sha256(ByteView data);
Digest32 blake3(ByteView data);

}  // namespace fluence
