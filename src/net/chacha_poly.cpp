#include "fluence/net/chacha_poly.h"

#include <sodium.h>

#include <cstring>

#include "fluence/core/error.h"

#if FLUENCE_NET_OPENSSL
#include <openssl/evp.h>
#endif

namespace fluence::net {

namespace {

// libsodium declares its buffers non-null even when empty; an empty vector's data() is null.
std::uint8_t g_empty[1];
template <typename T>
T* non_null(T* p) {
  return p ? p : g_empty;
}

void sodium_encrypt(const ChaChaPoly::Key& key, const ChaChaPoly::Nonce& nonce, ByteView ad, const std::uint8_t* in,
                    std::size_t size, std::uint8_t* out, std::uint8_t* tag) {
  crypto_aead_chacha20poly1305_ietf_encrypt_detached(non_null(out), tag, nullptr, non_null(in), size, non_null(ad.data()),
                                                     ad.size(), nullptr, nonce.data(), key.data());
}

bool sodium_decrypt(const ChaChaPoly::Key& key, const ChaChaPoly::Nonce& nonce, ByteView ad, const std::uint8_t* in,
                    std::size_t size, std::uint8_t* out, const std::uint8_t* tag) {
  return crypto_aead_chacha20poly1305_ietf_decrypt_detached(non_null(out), nullptr, non_null(in), size, tag,
                                                            non_null(ad.data()), ad.size(), nonce.data(), key.data()) == 0;
}

}  // namespace

#if FLUENCE_NET_OPENSSL
namespace {

// Below this size OpenSSL's per-message setup outweighs its faster bulk code, and handshake
// keys are used for one or two short messages: libsodium takes those (same bytes either way).
constexpr std::size_t kOpensslMinSize = 1024;

// Fetched once: an implicit fetch on every context set-up is a provider lookup under a lock.
const EVP_CIPHER* chacha_cipher() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
  if (!cipher) throw Error(ErrorKind::kInternal, "chacha20-poly1305: OpenSSL has no ChaCha20-Poly1305");
  return cipher;
}

[[noreturn]] void openssl_failed() { throw Error(ErrorKind::kInternal, "chacha20-poly1305: OpenSSL call failed"); }

int as_int(std::size_t n) {
  if (n > 0x7fffffff) throw Error(ErrorKind::kLimit, "chacha20-poly1305: message over 2 GiB");
  return static_cast<int>(n);
}

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

CtxPtr make_ctx(const ChaChaPoly::Key& key, bool encrypt) {
  CtxPtr c(EVP_CIPHER_CTX_new());
  if (!c || EVP_CipherInit_ex(c.get(), chacha_cipher(), nullptr, key.data(), nullptr, encrypt ? 1 : 0) != 1)
    openssl_failed();
  return c;
}

}  // namespace

// One EVP context per key and direction, made on first use: the key is set up once and only
// the nonce per message, which keeps OpenSSL's per-call cost small on 64 KiB frames.
struct ChaChaPoly::Context {
  CtxPtr enc;
  CtxPtr dec;
};

void ChaChaPoly::encrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         std::uint8_t tag[kTagSize]) {
  if (size < kOpensslMinSize) return sodium_encrypt(key_, nonce, ad, in, size, out, tag);
  if (!ctx_) ctx_ = std::make_unique<Context>();
  if (!ctx_->enc) ctx_->enc = make_ctx(key_, true);
  EVP_CIPHER_CTX* c = ctx_->enc.get();
  int len = 0;
  if (EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()) != 1) openssl_failed();
  if (!ad.empty() && EVP_EncryptUpdate(c, nullptr, &len, ad.data(), as_int(ad.size())) != 1) openssl_failed();
  if (EVP_EncryptUpdate(c, out, &len, in, as_int(size)) != 1) openssl_failed();
  if (EVP_EncryptFinal_ex(c, out + size, &len) != 1) openssl_failed();
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, kTagSize, tag) != 1) openssl_failed();
}

bool ChaChaPoly::decrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         const std::uint8_t tag[kTagSize]) {
  if (size < kOpensslMinSize) return sodium_decrypt(key_, nonce, ad, in, size, out, tag);
  if (!ctx_) ctx_ = std::make_unique<Context>();
  if (!ctx_->dec) ctx_->dec = make_ctx(key_, false);
  EVP_CIPHER_CTX* c = ctx_->dec.get();
  int len = 0;
  if (EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()) != 1) openssl_failed();
  if (!ad.empty() && EVP_DecryptUpdate(c, nullptr, &len, ad.data(), as_int(ad.size())) != 1) openssl_failed();
  if (EVP_DecryptUpdate(c, out, &len, in, as_int(size)) != 1) openssl_failed();
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, kTagSize, const_cast<std::uint8_t*>(tag)) != 1) openssl_failed();
  return EVP_DecryptFinal_ex(c, out + size, &len) == 1;
}

void ChaChaPoly::begin(const Nonce& nonce) {
  if (!ctx_) ctx_ = std::make_unique<Context>();
  if (!ctx_->enc) ctx_->enc = make_ctx(key_, true);
  if (EVP_EncryptInit_ex(ctx_->enc.get(), nullptr, nullptr, nullptr, nonce.data()) != 1) openssl_failed();
  stream_.size = 0;
}

void ChaChaPoly::update(const std::uint8_t* in, std::size_t size, std::uint8_t* out) {
  if (size == 0) return;
  int len = 0;
  if (EVP_EncryptUpdate(ctx_->enc.get(), out, &len, in, as_int(size)) != 1 || static_cast<std::size_t>(len) != size)
    openssl_failed();
  stream_.size += size;
}

void ChaChaPoly::finish(std::uint8_t tag[kTagSize]) {
  EVP_CIPHER_CTX* c = ctx_->enc.get();
  int len = 0;
  std::uint8_t none[1];
  if (EVP_EncryptFinal_ex(c, none, &len) != 1) openssl_failed();
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, kTagSize, tag) != 1) openssl_failed();
}

const char* ChaChaPoly::backend() { return "openssl"; }

#else

struct ChaChaPoly::Context {};

void ChaChaPoly::encrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         std::uint8_t tag[kTagSize]) {
  sodium_encrypt(key_, nonce, ad, in, size, out, tag);
}

bool ChaChaPoly::decrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                         const std::uint8_t tag[kTagSize]) {
  return sodium_decrypt(key_, nonce, ad, in, size, out, tag);
}

void ChaChaPoly::begin(const Nonce& nonce) {
  stream_.nonce = nonce;
  stream_.start = nullptr;
  stream_.size = 0;
}

void ChaChaPoly::update(const std::uint8_t* in, std::size_t size, std::uint8_t* out) {
  if (size == 0) return;
  if (!stream_.start) stream_.start = out;
  if (out != stream_.start + stream_.size) throw Error(ErrorKind::kInternal, "chacha20-poly1305: non-contiguous output");
  if (in != out) std::memmove(out, in, size);
  stream_.size += size;
}

void ChaChaPoly::finish(std::uint8_t tag[kTagSize]) {
  sodium_encrypt(key_, stream_.nonce, {}, stream_.start, stream_.size, stream_.start, tag);
  stream_.start = nullptr;
  stream_.size = 0;
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
