// Ed25519 quantities computed with libsodium alone, for the tests and fuzzers that check our
// own verifiers against them.
#pragma once

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"

namespace fluence::testing {

using Ed25519Scalar = std::array<std::uint8_t, 32>;

// A uniformly random scalar mod L.
inline Ed25519Scalar ed25519_random_scalar() {
  std::uint8_t wide[64];
  randombytes_buf(wide, sizeof wide);
  Ed25519Scalar s;
  crypto_core_ed25519_scalar_reduce(s.data(), wide);
  return s;
}

// k = SHA-512(R || A || M) mod L.
inline Ed25519Scalar ed25519_challenge(ByteView r, ByteView key, ByteView message) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r.data(), r.size());
  crypto_hash_sha512_update(&st, key.data(), key.size());
  crypto_hash_sha512_update(&st, message.data(), message.size());
  std::uint8_t digest[64];
  crypto_hash_sha512_final(&st, digest);
  Ed25519Scalar k;
  crypto_core_ed25519_scalar_reduce(k.data(), digest);
  return k;
}

// The secret scalar a of a key pair (RFC 8032 5.1.5), reduced mod L.
inline Ed25519Scalar ed25519_secret_scalar(const Ed25519KeyPair& pair) {
  std::uint8_t h[64];
  crypto_hash_sha512(h, pair.seed().data(), pair.seed().size());
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  std::uint8_t wide[64] = {};
  std::copy(h, h + 32, wide);
  Ed25519Scalar a;
  crypto_core_ed25519_scalar_reduce(a.data(), wide);
  return a;
}

}  // namespace fluence::testing
