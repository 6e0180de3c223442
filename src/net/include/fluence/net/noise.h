// Noise XX (Noise_XX_25519_ChaChaPoly_SHA256) with the libp2p handshake payload
// (network.md §6): an I/O-free handshake state machine and the transport cipher states.
#pragma once

#include <array>
#include <memory>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/peer_id.h"
#include "fluence/net/chacha_poly.h"
#include "fluence/net/wire_buffer.h"

namespace fluence::net {

inline constexpr std::string_view kNoiseProtocolId = "/noise";
inline constexpr std::size_t kNoiseMaxMessage = 65535;
inline constexpr std::size_t kNoiseTagSize = 16;
inline constexpr std::size_t kNoiseMaxPlaintext = kNoiseMaxMessage - kNoiseTagSize;

using X25519Key = std::array<std::uint8_t, 32>;

struct X25519KeyPair {
  X25519Key secret{};
  X25519Key public_key{};
  static X25519KeyPair generate();
};

// The libp2p NoiseHandshakePayload protobuf.
struct NoisePayload {
  Bytes identity_key;  // PublicKey protobuf
  Bytes identity_sig;
  std::vector<std::string> stream_muxers;  // NoiseExtensions.stream_muxers
  Bytes encode() const;
  static NoisePayload decode(ByteView bytes);  // throws Error(kInvalidInput)
};

// One direction of the transport phase: ChaCha20-Poly1305 with a 64-bit counter nonce.
class NoiseCipher {
 public:
  NoiseCipher() = default;
  explicit NoiseCipher(const std::array<std::uint8_t, 32>& key) : aead_(key) {}
  bool has_key() const { return aead_.has_value(); }
  // Appends ciphertext||tag to out. Throws Error(kLimit) when the nonce would overflow.
  void encrypt(ByteView ad, ByteView plaintext, Bytes& out);
  // Throws Error(kCrypto) on an authentication failure.
  Bytes decrypt(ByteView ad, ByteView ciphertext);
  void decrypt_into(ByteView ad, ByteView ciphertext, Bytes& out);
  // Transport frames, in place (empty associated data): `buffer` holds the plaintext followed
  // by kNoiseTagSize spare bytes and ends up as ciphertext||tag.
  void seal_in_place(std::span<std::uint8_t> buffer);
  // `frame` holds ciphertext||tag; on return its first size-16 bytes are the plaintext, whose
  // length is returned. Throws Error(kCrypto) on an authentication failure.
  std::size_t open_in_place(std::span<std::uint8_t> frame);
  // A transport frame sealed piece by piece into contiguous output (ChaChaPoly::begin):
  // seal_begin() takes the frame's nonce.
  void seal_begin();
  void seal_update(const std::uint8_t* in, std::size_t size, std::uint8_t* out);
  void seal_finish(std::uint8_t tag[kNoiseTagSize]);

 private:
  ChaChaPoly::Nonce next_nonce();
  std::optional<ChaChaPoly> aead_;
  std::uint64_t n_ = 0;
};

// The Noise static key and its signed libp2p handshake payload, made once and shared by all
// handshakes of a host: the spec allows one static key per process (§6.1, js and nox do the
// same), and reusing it saves a key generation and an Ed25519 signature per handshake.
struct NoiseStaticIdentity {
  X25519KeyPair key;
  Bytes payload;  // NoiseHandshakePayload: identity key + signature over this static key
  static std::shared_ptr<const NoiseStaticIdentity> create(const Ed25519KeyPair& identity);
};

// The XX handshake for one side. Messages are the raw Noise messages, without the 2-byte
// length prefix (the caller frames them). The sequence is
//   initiator: write_message() → read_message() → write_message() → complete()
//   responder: read_message() → write_message() → read_message() → complete()
class NoiseHandshake {
 public:
  // `expected_remote`: the peer id the dialer expects (from /p2p), checked against the
  // payload; nullopt accepts any identity.
  // `static_identity` (made from the same `identity`) is reused; without it a static key is
  // generated and signed for this handshake alone.
  NoiseHandshake(bool initiator, const Ed25519KeyPair& identity, std::optional<PeerId> expected_remote = std::nullopt,
                 std::shared_ptr<const NoiseStaticIdentity> static_identity = nullptr);

  Bytes write_message();
  // Throws Error(kProtocol) for a malformed message, Error(kCrypto) for bad crypto or a bad
  // identity signature, Error(kProtocol) for an unexpected peer id.
  void read_message(ByteView message);
  bool complete() const { return step_ == 3; }

  // Valid once complete(): the remote identity and the two transport ciphers.
  const PeerId& remote_peer() const { return *remote_peer_; }
  NoiseCipher take_send_cipher();
  NoiseCipher take_recv_cipher();

 private:
  void mix_hash(ByteView data);
  void mix_key(ByteView ikm);
  void encrypt_and_hash(ByteView plaintext, Bytes& out);
  Bytes decrypt_and_hash(ByteView ciphertext);
  X25519Key dh(const X25519Key& secret, const X25519Key& pub);
  Bytes make_payload() const;
  void check_payload(ByteView payload);
  void split();

  bool initiator_;
  std::optional<PeerId> expected_remote_;
  std::shared_ptr<const NoiseStaticIdentity> static_;
  const X25519KeyPair& s_;
  X25519KeyPair e_;
  X25519Key rs_{};
  X25519Key re_{};
  std::array<std::uint8_t, 32> h_{};
  std::array<std::uint8_t, 32> ck_{};
  NoiseCipher cipher_;
  int step_ = 0;  // messages processed so far
  std::optional<PeerId> remote_peer_;
  NoiseCipher send_;
  NoiseCipher recv_;
};

// Splits a byte stream of u16-BE-length-prefixed Noise frames (handshake or transport). The
// socket can read straight into it (prepare/commit), and frames are handed out mutable so
// that they can be decrypted in place.
class NoiseFrameReader {
 public:
  void feed(ByteView data);
  // A writable tail of at least `min` bytes for the next socket read; then commit(n).
  std::span<std::uint8_t> prepare(std::size_t min);
  void commit(std::size_t n) { end_ += n; }
  // Makes the buffer at least `size` bytes long (it never shrinks).
  void reserve(std::size_t size) {
    if (buffer_.size() < size) buffer_.resize(size);
  }
  // The next complete frame body, or nullopt if more bytes are needed. Valid until the next
  // feed/prepare/compact.
  std::optional<std::span<std::uint8_t>> next();
  // Moves unconsumed bytes to the front; call after the views from next() are used.
  void compact();
  std::size_t buffered() const { return end_ - pos_; }
  // Everything not yet returned by next() (including a partial frame).
  Bytes take_remaining();

 private:
  Bytes buffer_;         // valid bytes are [pos_, end_)
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

// Builds the outgoing transport byte stream: plaintext is encrypted straight from the
// caller's bytes into its frame slot (after the 2-byte length) as it is appended, and the
// frame is closed (tag, length) when full or when the writer takes the buffer, so several
// small yamux frames share one Noise frame and one socket write, and payload bytes are not
// copied before the socket write.
class NoiseFrameWriter {
 public:
  NoiseFrameWriter() = default;
  explicit NoiseFrameWriter(NoiseCipher cipher) : cipher_(std::move(cipher)) {}
  void append(ByteView plain);
  // Closes the open frame, if any.
  void seal();
  bool empty() const { return wire_.empty(); }
  std::size_t size() const { return wire_.size(); }
  // Seals and swaps the wire bytes into `out` (whose old buffer, cleared, becomes ours: both
  // keep their capacity, so steady-state writing allocates nothing).
  void take(WireBuffer& out);

 private:
  static constexpr std::size_t kNoFrame = static_cast<std::size_t>(-1);
  NoiseCipher cipher_;
  WireBuffer wire_;
  std::size_t open_at_ = kNoFrame;  // where the open frame's length prefix is
  std::size_t open_len_ = 0;        // plaintext bytes in the open frame
};

void append_noise_frame(Bytes& out, ByteView body);  // throws Error(kLimit) over 65535

}  // namespace fluence::net
