#include "fluence/core/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "ed25519_sha512.h"
#include "fluence/core/error.h"

namespace fluence {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::kCrypto, "libsodium failed to initialise");
}

// Messages from this size on are signed along the composed path below, with OpenSSL's SHA-512
// (two passes over the message); shorter ones are not worth leaving libsodium's single call.
constexpr std::size_t kLongMessage = 4096;

// RFC 8032 signing composed from libsodium's group and scalar operations with our SHA-512
// (OpenSSL's for long messages; bit-identical to crypto_sign_detached: Ed25519 is
// deterministic); false if a step fails, and the caller signs with libsodium instead.
bool sign_with_own_sha512(const std::array<std::uint8_t, 32>& seed,
                          const Ed25519PublicKey& public_key, ByteView message,
                          Ed25519Signature& signature) {
  std::uint8_t az[64];
  crypto_hash_sha512(az, seed.data(), seed.size());
  std::uint8_t nonce_hash[64], r[32];
  ed25519::sha512({ByteView(az + 32, 32), message}, nonce_hash);
  crypto_core_ed25519_scalar_reduce(r, nonce_hash);
  bool ok = crypto_scalarmult_ed25519_base_noclamp(signature.data(), r) == 0;
  std::uint8_t k_hash[64], k[32];
  if (ok) ed25519::sha512({ByteView(signature.data(), 32), ByteView(public_key), message}, k_hash);
  if (ok) {
    crypto_core_ed25519_scalar_reduce(k, k_hash);
    az[0] &= 248;  // the clamped secret scalar, reduced mod L
    az[31] &= 127;
    az[31] |= 64;
    std::uint8_t wide[64] = {};
    std::memcpy(wide, az, 32);
    std::uint8_t a[32], ka[32];
    crypto_core_ed25519_scalar_reduce(a, wide);
    crypto_core_ed25519_scalar_mul(ka, k, a);
    crypto_core_ed25519_scalar_add(signature.data() + 32, ka, r);  // S = r + k a (mod L)
    sodium_memzero(wide, sizeof wide);
    sodium_memzero(a, sizeof a);
  }
  sodium_memzero(az, sizeof az);
  sodium_memzero(r, sizeof r);
  return ok;
}

}  // namespace

Ed25519KeyPair Ed25519KeyPair::generate() {
  ensure_sodium();
  std::array<std::uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  auto pair = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return pair;
}

Ed25519KeyPair Ed25519KeyPair::from_seed(ByteView seed) {
  ensure_sodium();
  if (seed.size() != 32) {
    throw Error(ErrorKind::kCrypto,
                "ed25519: a seed is 32 bytes, got " + std::to_string(seed.size()));
  }
  Ed25519KeyPair pair;
  std::copy(seed.begin(), seed.end(), pair.seed_.begin());
  crypto_sign_seed_keypair(pair.public_.data(), pair.libsodium_secret_.data(), pair.seed_.data());
  return pair;
}

Ed25519KeyPair Ed25519KeyPair::from_keypair_bytes(ByteView bytes) {
  if (bytes.size() != 64 && bytes.size() != 96) {
    throw Error(ErrorKind::kCrypto, "ed25519: a key pair is 64 bytes (seed || public), got " +
                                        std::to_string(bytes.size()));
  }
  auto pair = from_seed(bytes.first(32));
  if (!std::equal(pair.public_.begin(), pair.public_.end(), bytes.begin() + 32)) {
    throw Error(ErrorKind::kCrypto, "ed25519: the public key does not match the seed");
  }
  if (bytes.size() == 96 && !std::equal(bytes.begin() + 32, bytes.begin() + 64, bytes.begin() + 64)) {
    throw Error(ErrorKind::kCrypto, "ed25519: the two public key copies of a 96-byte key differ");
  }
  return pair;
}

Bytes Ed25519KeyPair::keypair_bytes() const {
  Bytes out(seed_.begin(), seed_.end());
  out.insert(out.end(), public_.begin(), public_.end());
  return out;
}

Ed25519Signature Ed25519KeyPair::sign(ByteView message) const {
  Ed25519Signature sig;
  if (ed25519::has_openssl_sha512() && message.size() >= kLongMessage &&
      sign_with_own_sha512(seed_, public_, message, sig))
    return sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                       libsodium_secret_.data());
  return sig;
}

bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature) {
  ensure_sodium();
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

}  // namespace fluence
