#include "fluence/net/noise.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "fluence/core/error.h"
#include "fluence/core/libp2p_key.h"
#include "fluence/net/protobuf.h"

namespace fluence::net {
namespace {

constexpr std::string_view kProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";
constexpr std::string_view kSigPrefix = "noise-libp2p-static-key:";

using Hash = std::array<std::uint8_t, 32>;

Hash hmac(ByteView key, ByteView data1, ByteView data2 = {}) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, data1.data(), data1.size());
  if (!data2.empty()) crypto_auth_hmacsha256_update(&st, data2.data(), data2.size());
  Hash out;
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

// Noise HKDF with two outputs.
std::pair<Hash, Hash> hkdf(const Hash& ck, ByteView ikm) {
  Hash temp = hmac(ck, ikm);
  const std::uint8_t one = 1;
  Hash out1 = hmac(temp, ByteView(&one, 1));
  const std::uint8_t two = 2;
  Hash out2 = hmac(temp, out1, ByteView(&two, 1));
  sodium_memzero(temp.data(), temp.size());
  return {out1, out2};
}

[[noreturn]] void protocol_error(const std::string& what) { throw Error(ErrorKind::kProtocol, "noise: " + what); }

}  // namespace

X25519KeyPair X25519KeyPair::generate() {
  if (sodium_init() < 0) throw Error(ErrorKind::kInternal, "libsodium init failed");
  X25519KeyPair kp;
  crypto_box_keypair(kp.public_key.data(), kp.secret.data());
  return kp;
}

Bytes NoisePayload::encode() const {
  ProtoWriter w;
  w.bytes(1, identity_key);
  w.bytes(2, identity_sig);
  ProtoWriter ext;
  for (const auto& m : stream_muxers) ext.string(2, m);
  w.bytes(4, ext.data());
  return w.take();
}

NoisePayload NoisePayload::decode(ByteView bytes) {
  NoisePayload p;
  ProtoReader r(bytes);
  ProtoField f;
  while (r.next(f)) {
    if (f.number == 1 && f.wire_type == 2) p.identity_key.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 2 && f.wire_type == 2) p.identity_sig.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 4 && f.wire_type == 2) {
      ProtoReader er(f.bytes);
      ProtoField ef;
      while (er.next(ef))
        if (ef.number == 2 && ef.wire_type == 2) p.stream_muxers.emplace_back(as_chars(ef.bytes));
    }
  }
  return p;
}

ChaChaPoly::Nonce NoiseCipher::next_nonce() {
  if (n_ == UINT64_MAX) throw Error(ErrorKind::kLimit, "noise: nonce exhausted");
  ChaChaPoly::Nonce nonce{};
  for (int i = 0; i < 8; ++i) nonce[4 + i] = static_cast<std::uint8_t>(n_ >> (8 * i));
  ++n_;
  return nonce;
}

void NoiseCipher::encrypt(ByteView ad, ByteView plaintext, Bytes& out) {
  if (!aead_) throw Error(ErrorKind::kInternal, "noise: cipher without a key");
  auto nonce = next_nonce();
  std::size_t at = out.size();
  out.resize(at + plaintext.size() + kNoiseTagSize);
  aead_->encrypt(nonce, ad, plaintext.data(), plaintext.size(), out.data() + at, out.data() + at + plaintext.size());
}

void NoiseCipher::decrypt_into(ByteView ad, ByteView ciphertext, Bytes& out) {
  if (!aead_) throw Error(ErrorKind::kInternal, "noise: cipher without a key");
  if (ciphertext.size() < kNoiseTagSize) throw Error(ErrorKind::kCrypto, "noise: ciphertext shorter than its tag");
  auto nonce = next_nonce();
  std::size_t at = out.size();
  std::size_t n = ciphertext.size() - kNoiseTagSize;
  out.resize(at + n);
  if (!aead_->decrypt(nonce, ad, ciphertext.data(), n, out.data() + at, ciphertext.data() + n)) {
    out.resize(at);
    throw Error(ErrorKind::kCrypto, "noise: decryption failed");
  }
}

Bytes NoiseCipher::decrypt(ByteView ad, ByteView ciphertext) {
  Bytes out;
  decrypt_into(ad, ciphertext, out);
  return out;
}

void NoiseCipher::seal_in_place(std::span<std::uint8_t> buffer) {
  if (!aead_) throw Error(ErrorKind::kInternal, "noise: cipher without a key");
  if (buffer.size() < kNoiseTagSize) throw Error(ErrorKind::kInternal, "noise: no room for the tag");
  std::size_t n = buffer.size() - kNoiseTagSize;
  aead_->encrypt(next_nonce(), {}, buffer.data(), n, buffer.data(), buffer.data() + n);
}

void NoiseCipher::seal_begin() {
  if (!aead_) throw Error(ErrorKind::kInternal, "noise: cipher without a key");
  aead_->begin(next_nonce());
}

void NoiseCipher::seal_update(const std::uint8_t* in, std::size_t size, std::uint8_t* out) {
  aead_->update(in, size, out);
}

void NoiseCipher::seal_finish(std::uint8_t tag[kNoiseTagSize]) { aead_->finish(tag); }

std::size_t NoiseCipher::open_in_place(std::span<std::uint8_t> frame) {
  if (!aead_) throw Error(ErrorKind::kInternal, "noise: cipher without a key");
  if (frame.size() < kNoiseTagSize) throw Error(ErrorKind::kCrypto, "noise: ciphertext shorter than its tag");
  std::size_t n = frame.size() - kNoiseTagSize;
  if (!aead_->decrypt(next_nonce(), {}, frame.data(), n, frame.data(), frame.data() + n))
    throw Error(ErrorKind::kCrypto, "noise: decryption failed");
  return n;
}

namespace {

Bytes signed_payload(const Ed25519KeyPair& identity, const X25519Key& static_public) {
  NoisePayload p;
  p.identity_key = Libp2pKey{KeyType::kEd25519, Bytes(identity.public_key().begin(), identity.public_key().end())}.encode();
  Bytes signed_data = to_bytes(kSigPrefix);
  signed_data.insert(signed_data.end(), static_public.begin(), static_public.end());
  auto sig = identity.sign(signed_data);
  p.identity_sig.assign(sig.begin(), sig.end());
  return p.encode();
}

}  // namespace

std::shared_ptr<const NoiseStaticIdentity> NoiseStaticIdentity::create(const Ed25519KeyPair& identity) {
  auto s = std::make_shared<NoiseStaticIdentity>();
  s->key = X25519KeyPair::generate();
  s->payload = signed_payload(identity, s->key.public_key);
  return s;
}

NoiseHandshake::NoiseHandshake(bool initiator, const Ed25519KeyPair& identity, std::optional<PeerId> expected_remote,
                               std::shared_ptr<const NoiseStaticIdentity> static_identity)
    : initiator_(initiator),
      expected_remote_(std::move(expected_remote)),
      static_(static_identity ? std::move(static_identity) : NoiseStaticIdentity::create(identity)),
      s_(static_->key) {
  static_assert(kProtocolName.size() == 32);
  std::memcpy(h_.data(), kProtocolName.data(), 32);
  ck_ = h_;
  mix_hash({});  // empty prologue
}

void NoiseHandshake::mix_hash(ByteView data) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, h_.data(), h_.size());
  crypto_hash_sha256_update(&st, data.data(), data.size());
  crypto_hash_sha256_final(&st, h_.data());
}

void NoiseHandshake::mix_key(ByteView ikm) {
  auto [ck, k] = hkdf(ck_, ikm);
  ck_ = ck;
  cipher_ = NoiseCipher(k);
}

void NoiseHandshake::encrypt_and_hash(ByteView plaintext, Bytes& out) {
  std::size_t at = out.size();
  if (cipher_.has_key()) {
    cipher_.encrypt(h_, plaintext, out);
  } else {
    out.insert(out.end(), plaintext.begin(), plaintext.end());
  }
  mix_hash(ByteView(out).subspan(at));
}

Bytes NoiseHandshake::decrypt_and_hash(ByteView ciphertext) {
  Bytes plain = cipher_.has_key() ? cipher_.decrypt(h_, ciphertext) : Bytes(ciphertext.begin(), ciphertext.end());
  mix_hash(ciphertext);
  return plain;
}

X25519Key NoiseHandshake::dh(const X25519Key& secret, const X25519Key& pub) {
  X25519Key out;
  if (crypto_scalarmult(out.data(), secret.data(), pub.data()) != 0)
    throw Error(ErrorKind::kCrypto, "noise: invalid X25519 public key");
  return out;
}

Bytes NoiseHandshake::make_payload() const { return static_->payload; }

void NoiseHandshake::check_payload(ByteView payload) {
  NoisePayload p = NoisePayload::decode(payload);
  if (p.identity_key.empty()) protocol_error("handshake payload without identity key");
  Libp2pKey key = Libp2pKey::decode(p.identity_key);
  PeerId id = PeerId::from_public_key(key);
  if (expected_remote_ && id != *expected_remote_)
    protocol_error("remote is " + id.to_base58() + ", expected " + expected_remote_->to_base58());
  if (key.type != KeyType::kEd25519)
    throw Error(ErrorKind::kCrypto, "noise: only Ed25519 identities are supported");
  Bytes signed_data = to_bytes(kSigPrefix);
  signed_data.insert(signed_data.end(), rs_.begin(), rs_.end());
  if (!ed25519_verify(key.data, signed_data, p.identity_sig))
    throw Error(ErrorKind::kCrypto, "noise: bad identity signature from " + id.to_base58());
  remote_peer_ = std::move(id);
}

Bytes NoiseHandshake::write_message() {
  Bytes out;
  if (initiator_ && step_ == 0) {
    e_ = X25519KeyPair::generate();
    out.insert(out.end(), e_.public_key.begin(), e_.public_key.end());
    mix_hash(e_.public_key);
    encrypt_and_hash({}, out);
  } else if (!initiator_ && step_ == 1) {
    e_ = X25519KeyPair::generate();
    out.insert(out.end(), e_.public_key.begin(), e_.public_key.end());
    mix_hash(e_.public_key);
    mix_key(dh(e_.secret, re_));
    encrypt_and_hash(s_.public_key, out);
    mix_key(dh(s_.secret, re_));
    encrypt_and_hash(make_payload(), out);
  } else if (initiator_ && step_ == 2) {
    encrypt_and_hash(s_.public_key, out);
    mix_key(dh(s_.secret, re_));
    encrypt_and_hash(make_payload(), out);
    split();
  } else {
    throw Error(ErrorKind::kInternal, "noise: write_message out of order");
  }
  ++step_;
  return out;
}

void NoiseHandshake::read_message(ByteView msg) {
  if (!initiator_ && step_ == 0) {
    if (msg.size() < 32) protocol_error("message 1 shorter than 32 bytes");
    std::memcpy(re_.data(), msg.data(), 32);
    mix_hash(re_);
    decrypt_and_hash(msg.subspan(32));
  } else if (initiator_ && step_ == 1) {
    if (msg.size() < 32 + 48 + kNoiseTagSize) protocol_error("message 2 too short");
    std::memcpy(re_.data(), msg.data(), 32);
    mix_hash(re_);
    mix_key(dh(e_.secret, re_));
    Bytes rs = decrypt_and_hash(msg.subspan(32, 48));
    std::memcpy(rs_.data(), rs.data(), 32);
    mix_key(dh(e_.secret, rs_));
    check_payload(decrypt_and_hash(msg.subspan(80)));
  } else if (!initiator_ && step_ == 2) {
    if (msg.size() < 48 + kNoiseTagSize) protocol_error("message 3 too short");
    Bytes rs = decrypt_and_hash(msg.subspan(0, 48));
    std::memcpy(rs_.data(), rs.data(), 32);
    mix_key(dh(e_.secret, rs_));
    check_payload(decrypt_and_hash(msg.subspan(48)));
    split();
  } else {
    throw Error(ErrorKind::kProtocol, "noise: unexpected handshake message");
  }
  ++step_;
}

void NoiseHandshake::split() {
  auto [k1, k2] = hkdf(ck_, {});
  send_ = NoiseCipher(initiator_ ? k1 : k2);
  recv_ = NoiseCipher(initiator_ ? k2 : k1);
  sodium_memzero(e_.secret.data(), e_.secret.size());
}

NoiseCipher NoiseHandshake::take_send_cipher() { return send_; }
NoiseCipher NoiseHandshake::take_recv_cipher() { return recv_; }

void NoiseFrameReader::feed(ByteView data) {
  auto tail = prepare(data.size());
  std::copy(data.begin(), data.end(), tail.begin());
  commit(data.size());
}

std::span<std::uint8_t> NoiseFrameReader::prepare(std::size_t min) {
  if (buffer_.size() - end_ < min) {
    compact();
    // Grow geometrically and never zero-fill twice: resize only when the capacity is short.
    if (buffer_.size() - end_ < min) buffer_.resize(std::max(end_ + min, buffer_.size() * 2));
  }
  return std::span<std::uint8_t>(buffer_.data() + end_, buffer_.size() - end_);
}

std::optional<std::span<std::uint8_t>> NoiseFrameReader::next() {
  if (end_ - pos_ < 2) return std::nullopt;
  std::size_t len = (static_cast<std::size_t>(buffer_[pos_]) << 8) | buffer_[pos_ + 1];
  if (end_ - pos_ - 2 < len) return std::nullopt;
  std::span<std::uint8_t> frame(buffer_.data() + pos_ + 2, len);
  pos_ += 2 + len;
  return frame;
}

void NoiseFrameReader::compact() {
  if (pos_ == 0) return;
  std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_), buffer_.begin() + static_cast<std::ptrdiff_t>(end_),
            buffer_.begin());
  end_ -= pos_;
  pos_ = 0;
}

Bytes NoiseFrameReader::take_remaining() {
  Bytes out(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_), buffer_.begin() + static_cast<std::ptrdiff_t>(end_));
  pos_ = end_ = 0;
  return out;
}

void NoiseFrameWriter::append(ByteView plain) {
  while (!plain.empty()) {
    if (open_at_ == kNoFrame) {
      // Room for the whole frame now: its bytes must not move while it is open.
      wire_.reserve_more(2 + kNoiseMaxMessage);
      open_at_ = wire_.size();
      wire_.grow(2);
      open_len_ = 0;
      cipher_.seal_begin();
    }
    std::size_t n = std::min(plain.size(), kNoiseMaxPlaintext - open_len_);
    cipher_.seal_update(plain.data(), n, wire_.grow(n));
    open_len_ += n;
    plain = plain.subspan(n);
    if (open_len_ == kNoiseMaxPlaintext) seal();
  }
}

void NoiseFrameWriter::seal() {
  if (open_at_ == kNoFrame) return;
  cipher_.seal_finish(wire_.grow(kNoiseTagSize));
  std::size_t len = open_len_ + kNoiseTagSize;
  wire_.data()[open_at_] = static_cast<std::uint8_t>(len >> 8);
  wire_.data()[open_at_ + 1] = static_cast<std::uint8_t>(len & 0xff);
  open_at_ = kNoFrame;
}

void NoiseFrameWriter::take(WireBuffer& out) {
  seal();
  out.clear();
  out.swap(wire_);
}

void append_noise_frame(Bytes& out, ByteView body) {
  if (body.size() > kNoiseMaxMessage) throw Error(ErrorKind::kLimit, "noise: frame over 65535 bytes");
  out.push_back(static_cast<std::uint8_t>(body.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(body.size() & 0xff));
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace fluence::net
