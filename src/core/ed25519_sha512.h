// SHA-512 for Ed25519 signing and verification, which hash every message once or twice, and
// messages are long (a peer signs the CIDs of all it produced in a particle, tens to hundreds
// of KiB): OpenSSL's SHA-512 when the build has it, about twice libsodium's speed per byte.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "fluence/core/bytes.h"

namespace fluence::ed25519 {

// Whether this build hashes with OpenSSL.
bool has_openssl_sha512();

// SHA-512 of the concatenation of `parts`: OpenSSL's when the build has it, at every length
// (callgrind: ~6 k instructions against libsodium's ~10 k for 100 bytes, 24 k against 41 k for
// 1000). Never fails: if OpenSSL reports an error the digest is computed by libsodium.
void sha512(std::initializer_list<ByteView> parts, std::uint8_t out[64]);

}  // namespace fluence::ed25519
