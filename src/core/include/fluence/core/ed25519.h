// Ed25519KeyPair: an RFC 8032 key pair (libsodium) made from a 32-byte seed.
#pragma once

#include <array>
#include <cstdint>

#include "fluence/core/bytes.h"

namespace fluence {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

class Ed25519KeyPair {
 public:
  static Ed25519KeyPair generate();
  static Ed25519KeyPair from_seed(ByteView seed);  // throws unless 32 bytes
  // 64 bytes seed || public (the public half must match); 96-byte legacy form also accepted.
  static Ed25519KeyPair from_keypair_bytes(ByteView bytes);

  const std::array<std::uint8_t, 32>& seed() const { return seed_; }
  const Ed25519PublicKey& public_key() const { return public_; }
  Bytes keypair_bytes() const;  // seed || public
  Ed25519Signature sign(ByteView message) const;

 private:
  std::array<std::uint8_t, 32> seed_{};
  Ed25519PublicKey public_{};
  std::array<std::uint8_t, 64> libsodium_secret_{};
};

// Verifies as libsodium's crypto_sign_verify_detached does (RFC 8032 with its strict checks:
// a canonical key, S below L, neither the key nor R of small order) — what libp2p identities
// and particle signatures need. Thread safe; never throws.
bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature);

// Verifies as ed25519-dalek 2.x's VerifyingKey::verify does (its non-strict check, the one the
// AIR interpreter applies to peers' signatures, air.md §9.8). True iff
//  - the key is 32 bytes and the signature 64: R (32 bytes) || S (32 bytes);
//  - S, little-endian, is below L, the order of the base point B;
//  - the key decodes to a curve point A as dalek decodes it: the low 255 bits are y taken
//    mod p (y + p, for the few y < 19 on the curve, decodes like y) and the top bit picks the
//    sign of x, ignored when x = 0;
//  - [S]B - [k]A, with k = SHA-512(R || key bytes || message) mod L, encodes to exactly the
//    32 bytes of R. R is compared, never decoded, and no cofactor is applied.
// It is thus more permissive than libsodium's crypto_sign_verify_detached, which also rejects
// keys and R of small order and non-canonical keys: a small-order key makes a signature that
// verifies for most messages. RFC 8032 signers never produce such keys; callers that must
// refuse them use ed25519_verify.
//
// Long messages are hashed with OpenSSL when the build has it. Decoded keys are remembered per
// thread (the memo ed25519_verify_batch uses). Thread safe; never throws.
bool ed25519_verify_nonstrict(ByteView public_key, ByteView message, ByteView signature);

}  // namespace fluence
