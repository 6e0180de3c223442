// ChaChaPoly: the ChaCha20-Poly1305 IETF AEAD (RFC 8439) under one key, keeping its key
// schedule between messages. Runs on OpenSSL's libcrypto when the build found it (about 2×
// libsodium's speed on AVX-512 machines, which matters for the transport's 1 GB/s target),
// else on libsodium; both give identical bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fluence/core/bytes.h"

namespace fluence::net {

class ChaChaPoly {
 public:
  static constexpr std::size_t kTagSize = 16;
  using Key = std::array<std::uint8_t, 32>;
  using Nonce = std::array<std::uint8_t, 12>;

  explicit ChaChaPoly(const Key& key);
  ChaChaPoly(const ChaChaPoly& other);
  ChaChaPoly& operator=(const ChaChaPoly& other);
  ChaChaPoly(ChaChaPoly&&) noexcept;
  ChaChaPoly& operator=(ChaChaPoly&&) noexcept;
  ~ChaChaPoly();

  // Encrypts `size` bytes from `in` to `out` (which may equal `in`) and writes the tag.
  void encrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
               std::uint8_t tag[kTagSize]);
  // Decrypts `size` bytes from `in` to `out` (which may equal `in`); false if the tag does not
  // authenticate (then `out` holds garbage and must not be used).
  bool decrypt(const Nonce& nonce, ByteView ad, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
               const std::uint8_t tag[kTagSize]);

  // One message encrypted piece by piece into contiguous output: begin(), then update() for
  // each piece (each output must directly follow the previous one in one buffer), then
  // finish() writes the tag. OpenSSL encrypts each piece straight from its source; libsodium
  // has no streaming AEAD, so there update() copies and finish() encrypts the run in place.
  void begin(const Nonce& nonce);
  void update(const std::uint8_t* in, std::size_t size, std::uint8_t* out);
  void finish(std::uint8_t tag[kTagSize]);

  // "openssl" or "libsodium": which implementation this build uses.
  static const char* backend();

 private:
  struct Context;
  Key key_;
  std::unique_ptr<Context> ctx_;  // created on first use, never shared between copies
  // The message being streamed (begin .. finish); nonce and start serve the libsodium path.
  struct StreamState {
    Nonce nonce{};
    std::uint8_t* start = nullptr;
    std::size_t size = 0;
  };
  StreamState stream_;
};

}  // namespace fluence::net
