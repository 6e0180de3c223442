#include "ed25519_sha512.h"

#include <sodium.h>

#if defined(FLUENCE_CORE_OPENSSL)
// OpenSSL's plain SHA512_* functions rather than EVP: deprecated since 3.0 but present in every
// 3.x, and they skip EVP's provider lookup, which costs ~4.5 M instructions on a process's
// first digest (measured with callgrind through the AIR benchmark), and a context allocation
// per digest.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#endif

namespace fluence::ed25519 {
namespace {

#if defined(FLUENCE_CORE_OPENSSL)
// False if the library fails (the caller then hashes with libsodium).
bool openssl_sha512(std::initializer_list<ByteView> parts, std::uint8_t out[64]) {
  SHA512_CTX ctx;
  bool ok = SHA512_Init(&ctx) == 1;
  for (ByteView part : parts) ok = ok && SHA512_Update(&ctx, part.data(), part.size()) == 1;
  return SHA512_Final(out, &ctx) == 1 && ok;
}
#endif

}  // namespace

bool has_openssl_sha512() {
#if defined(FLUENCE_CORE_OPENSSL)
  return true;
#else
  return false;
#endif
}

void sha512(std::initializer_list<ByteView> parts, std::uint8_t out[64]) {
#if defined(FLUENCE_CORE_OPENSSL)
  if (openssl_sha512(parts, out)) return;
#endif
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  for (ByteView part : parts) crypto_hash_sha512_update(&state, part.data(), part.size());
  crypto_hash_sha512_final(&state, out);
}

}  // namespace fluence::ed25519
