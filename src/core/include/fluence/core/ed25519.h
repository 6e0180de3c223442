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

// RFC 8032 verification; false for a bad signature or a key that is not a valid point.
bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature);

}  // namespace fluence
