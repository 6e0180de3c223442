#include "ed25519_sha512.h"

#include <sodium.h>

#if defined(FLUENCE_CORE_OPENSSL)
#include <openssl/evp.h>
#endif

namespace fluence::ed25519 {
namespace {

#if defined(FLUENCE_CORE_OPENSSL)
// False if the library fails (the caller then hashes with libsodium).
bool openssl_sha512(std::initializer_list<ByteView> parts, std::uint8_t out[64]) {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  if (!md) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx) return false;
  bool ok = EVP_DigestInit_ex(ctx, md, nullptr) == 1;
  for (ByteView part : parts) ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size()) == 1;
  unsigned int n = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 64;
  EVP_MD_CTX_free(ctx);
  return ok;
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
  std::size_t total = 0;
  for (ByteView part : parts) total += part.size();
  if (total >= kLongHashInput && openssl_sha512(parts, out)) return;
#endif
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  for (ByteView part : parts) crypto_hash_sha512_update(&state, part.data(), part.size());
  crypto_hash_sha512_final(&state, out);
}

}  // namespace fluence::ed25519
