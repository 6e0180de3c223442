#include "fluence/core/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "fluence/core/error.h"

namespace fluence {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::kCrypto, "libsodium failed to initialise");
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
