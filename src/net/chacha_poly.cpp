#include "fluence/net/chacha_poly.h"

#include <sodium.h>

#include "fluence/core/error.h"

#if FLUENCE_NET_OPENSSL
#include <openssl/evp.h>
#endif

namespace fluence::net {

#if FLUENCE_NET_OPENSSL
// One EVP context per key: initialising the key once and only the nonce per message avoids
// OpenSSL's per-call setup cost, which is noticeable on 64 KiB frames.
struct ChaChaPoly::Context {
  EVP_CIPHER_CTX* enc = nullptr;
  EVP_CIPHER_CTX* dec = nullptr;
  explicit Context(const Key& key) {
    enc = EVP_CIPHER_CTX_new();
    dec = EVP_CIPHER_CTX_new();
    if (!enc || !dec || EVP_EncryptInit_ex(enc, EVP_chacha20_poly1305(), nullptr, key.data(), nullptr) != 1 ||
        EVP_DecryptInit_ex(dec, EVP_chacha20_poly1305(), nullptr, key.data(), nullptr) != 1) {
      free();
      throw Error(ErrorKind::kInternal, "chacha20-poly1305: OpenSSL context setup failed");
    }
  }
  ~Context() { free(); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  void free() {
    EVP_CIPHER_CTX_free(enc);
    EVP_CIPHER_CTX_free(dec);
    enc = dec = nullptr;
  }
};

namespace {
[[noreturn]] void openssl_failed() { throw Error(ErrorKind::kInternal, "chacha20-poly1305: OpenSSL call failed"); }
int as_int(std::size_t n) {
  if (n > 0x7fffffff) throw Error(ErrorKind::kLimit, "chacha20-poly1305: message over 2 GiB");
  return static_cast<int>(n);
}
}  // namespace

void ChaChaPoly::encrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         std::uint8_t tag[kTagSize]) {
  if (!ctx_) ctx_ = std::make_unique<Context>(key_);
  EVP_CIPHER_CTX* c = ctx_->enc;
  int len = 0;
  if (EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()) != 1) openssl_failed();
  if (!ad.empty() && EVP_EncryptUpdate(c, nullptr, &len, ad.data(), as_int(ad.size())) != 1) openssl_failed();
  if (size > 0 && EVP_EncryptUpdate(c, out, &len, in, as_int(size)) != 1) openssl_failed();
  if (EVP_EncryptFinal_ex(c, out + size, &len) != 1) openssl_failed();
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, kTagSize, tag) != 1) openssl_failed();
}

bool ChaChaPoly::decrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         const std::uint8_t tag[kTagSize]) {
  if (!ctx_) ctx_ = std::make_unique<Context>(key_);
  EVP_CIPHER_CTX* c = ctx_->dec;
  int len = 0;
  if (EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()) != 1) openssl_failed();
  if (!ad.empty() && EVP_DecryptUpdate(c, nullptr, &len, ad.data(), as_int(ad.size())) != 1) openssl_failed();
  if (size > 0 && EVP_DecryptUpdate(c, out, &len, in, as_int(size)) != 1) openssl_failed();
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, kTagSize, const_cast<std::uint8_t*>(tag)) != 1) openssl_failed();
  return EVP_DecryptFinal_ex(c, out + size, &len) == 1;
}

const char* ChaChaPoly::backend() { return "openssl"; }

#else

struct ChaChaPoly::Context {};

void ChaChaPoly::encrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         std::uint8_t tag[kTagSize]) {
  crypto_aead_chacha20poly1305_ietf_encrypt_detached(out, tag, nullptr, in, size, ad.data(), ad.size(), nullptr,
                                                     nonce.data(), key_.data());
}

bool ChaChaPoly::decrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         const std::uint8_t tag[kTagSize]) {
  return crypto_aead_chacha20poly1305_ietf_decrypt_detached(out, nullptr, in, size, tag, ad.data(), ad.size(),
                                                            nonce.data(), key_.data()) == 0;
}

const char* ChaChaPoly::backend() { return "libsodium"; }

#endif

ChaChaPoly::ChaChaPoly(const Key& key) : key_(key) {}
ChaChaPoly::ChaChaPoly(const ChaChaPoly& other) : key_(other.key_) {}
ChaChaPoly& ChaChaPoly::operator=(const ChaChaPoly& other) {
  if (this != &other) {
    key_ = other.key_;
    ctx_.reset();
  }
  return *this;
}
ChaChaPoly::ChaChaPoly(ChaChaPoly&&) noexcept = default;
ChaChaPoly& ChaChaPoly::operator=(ChaChaPoly&&) noexcept = default;
ChaChaPoly::~ChaChaPoly() { sodium_memzero(key_.data(), key_.size()); }

}  // namespace fluence::net
