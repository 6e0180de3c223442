// SHA-512 for Ed25519 signing and verification, which hash every message once or twice: long
// messages (a peer signs the CIDs of all it produced in a particle, tens to hundreds of KiB)
// go to OpenSSL's SHA-512 when the build has it, about twice libsodium's speed per byte here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "fluence/core/bytes.h"

namespace fluence::ed25519 {

// Inputs from this many bytes on use OpenSSL (when available); for shorter ones its digest
// context costs more than it saves.
inline constexpr std::size_t kLongHashInput = 4096;

// Whether this build hashes long inputs with OpenSSL.
bool has_openssl_sha512();

// SHA-512 of the concatenation of `parts`. Never fails: if OpenSSL reports an error the digest
// is computed by libsodium.
void sha512(std::initializer_list<ByteView> parts, std::uint8_t out[64]);

}  // namespace fluence::ed25519
