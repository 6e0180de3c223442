// The transport data path: the ChaCha20-Poly1305 backend, in-place sealing and opening, and
// the Noise frame writer/reader pair the connection uses.
#include <gtest/gtest.h>
#include <sodium.h>

#include <random>

#include "fluence/core/error.h"
#include "fluence/net/chacha_poly.h"
#include "fluence/net/noise.h"

namespace fluence::net {
namespace {

ChaChaPoly::Key test_key() {
  ChaChaPoly::Key k;
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0x80 + i);
  return k;
}

Bytes random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

TEST(ChaChaPoly, MatchesRfc8439AeadVector) {
  // RFC 8439 §2.8.2.
  ChaChaPoly aead(test_key());
  ChaChaPoly::Nonce nonce{0x07, 0, 0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47};
  Bytes ad = hex_decode("50515253c0c1c2c3c4c5c6c7");
  std::string_view text =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be "
      "it.";
  Bytes out(text.size());
  std::uint8_t tag[16];
  aead.encrypt(nonce, ad, as_bytes(text).data(), text.size(), out.data(), tag);
  EXPECT_EQ(hex_encode(ByteView(out).subspan(0, 16)), "d31a8d34648e60db7b86afbc53ef7ec2");
  EXPECT_EQ(hex_encode(ByteView(tag, 16)), "1ae10b594f09e26a7e902ecbd0600691");
}

TEST(ChaChaPoly, AgreesWithLibsodiumAtEveryFrameSizeInPlace) {
  ASSERT_GE(sodium_init(), 0);
  ChaChaPoly aead(test_key());
  auto key = test_key();
  // Sizes on both sides of the switch to OpenSSL's bulk code (1024), with and without
  // associated data (the handshake uses it), several messages per key.
  Bytes ad = random_bytes(32, 99);
  for (std::size_t n : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 1000u, 1023u, 1024u, 1025u, 4096u, 65519u}) {
    for (ByteView a : {ByteView(), ByteView(ad)}) {
      Bytes plain = random_bytes(n, static_cast<unsigned>(n));
      ChaChaPoly::Nonce nonce{};
      nonce[4] = static_cast<std::uint8_t>(n);
      nonce[11] = static_cast<std::uint8_t>(a.size());
      Bytes ours = plain;
      std::uint8_t tag[16];
      aead.encrypt(nonce, a, ours.data(), n, ours.data(), tag);
      ours.insert(ours.end(), tag, tag + 16);
      Bytes theirs(n + 16);
      crypto_aead_chacha20poly1305_ietf_encrypt(theirs.data(), nullptr, plain.data(), n, a.data(), a.size(), nullptr,
                                                nonce.data(), key.data());
      EXPECT_EQ(ours, theirs) << "length " << n << ", ad " << a.size() << " (" << ChaChaPoly::backend() << ")";
      ASSERT_TRUE(aead.decrypt(nonce, a, ours.data(), n, ours.data(), ours.data() + n));
      EXPECT_EQ(Bytes(ours.begin(), ours.begin() + static_cast<std::ptrdiff_t>(n)), plain);
    }
  }
}

TEST(ChaChaPoly, MessageStreamedInPiecesEqualsOneShotEncryption) {
  ChaChaPoly one(test_key()), streamed(test_key());
  Bytes plain = random_bytes(65519, 5);
  for (std::size_t piece : {1u, 12u, 63u, 64u, 1000u, 65519u}) {
    ChaChaPoly::Nonce nonce{};
    nonce[5] = static_cast<std::uint8_t>(piece);
    Bytes expect(plain.size());
    std::uint8_t expect_tag[16];
    one.encrypt(nonce, {}, plain.data(), plain.size(), expect.data(), expect_tag);
    Bytes got(plain.size());
    std::uint8_t tag[16];
    streamed.begin(nonce);
    for (std::size_t at = 0; at < plain.size(); at += piece) {
      std::size_t n = std::min(piece, plain.size() - at);
      streamed.update(plain.data() + at, n, got.data() + at);
    }
    streamed.finish(tag);
    EXPECT_EQ(got, expect) << "pieces of " << piece;
    EXPECT_EQ(Bytes(tag, tag + 16), Bytes(expect_tag, expect_tag + 16)) << "pieces of " << piece;
  }
}

TEST(ChaChaPoly, TamperedCiphertextDoesNotAuthenticate) {
  ChaChaPoly aead(test_key());
  ChaChaPoly::Nonce nonce{};
  Bytes data = random_bytes(100, 1);
  std::uint8_t tag[16];
  aead.encrypt(nonce, {}, data.data(), data.size(), data.data(), tag);
  data[50] ^= 1;
  Bytes out(100);
  EXPECT_FALSE(aead.decrypt(nonce, {}, data.data(), data.size(), out.data(), tag));
}

std::pair<NoiseCipher, NoiseCipher> cipher_pair() {
  std::array<std::uint8_t, 32> k{};
  k[0] = 42;
  return {NoiseCipher(k), NoiseCipher(k)};
}

// Reads every frame of `wire` and opens it in place with `recv`.
Bytes open_all(ByteView wire, NoiseCipher& recv, std::vector<std::size_t>* frame_sizes = nullptr) {
  NoiseFrameReader r;
  Bytes plain;
  std::size_t at = 0;
  while (at < wire.size()) {
    std::size_t n = std::min<std::size_t>(wire.size() - at, 7777);  // reads straight into the reader
    auto tail = r.prepare(n);
    std::copy(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.begin() + static_cast<std::ptrdiff_t>(at + n),
              tail.begin());
    r.commit(n);
    at += n;
    while (auto f = r.next()) {
      if (frame_sizes) frame_sizes->push_back(f->size());
      std::size_t m = recv.open_in_place(*f);
      plain.insert(plain.end(), f->begin(), f->begin() + static_cast<std::ptrdiff_t>(m));
    }
  }
  EXPECT_EQ(r.buffered(), 0u);
  return plain;
}

TEST(NoiseFrameWriter, FramesOpenBackToTheAppendedBytesInOrder) {
  auto [send, recv] = cipher_pair();
  NoiseFrameWriter w(send);
  Bytes input = random_bytes(300000, 7);
  WireBuffer wire;
  Bytes all_wire;
  std::mt19937 rng(3);
  std::size_t at = 0;
  while (at < input.size()) {
    std::size_t n = std::min<std::size_t>(input.size() - at, rng() % 20000);
    w.append(ByteView(input).subspan(at, n));
    at += n;
    if (rng() % 4 == 0) {  // the writer takes the buffer at arbitrary points
      w.take(wire);
      all_wire.insert(all_wire.end(), wire.view().begin(), wire.view().end());
    }
  }
  w.take(wire);
  all_wire.insert(all_wire.end(), wire.view().begin(), wire.view().end());
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(open_all(all_wire, recv), input);
}

TEST(NoiseFrameWriter, FullFramesCarryTheMaximumPlaintext) {
  auto [send, recv] = cipher_pair();
  NoiseFrameWriter w(send);
  Bytes input = random_bytes(2 * kNoiseMaxPlaintext + 10, 9);
  w.append(input);
  WireBuffer wire;
  w.take(wire);
  std::vector<std::size_t> sizes;
  EXPECT_EQ(open_all(wire.view(), recv, &sizes), input);
  ASSERT_EQ(sizes.size(), 3u);
  EXPECT_EQ(sizes[0], kNoiseMaxMessage);
  EXPECT_EQ(sizes[1], kNoiseMaxMessage);
  EXPECT_EQ(sizes[2], 10 + kNoiseTagSize);
}

TEST(NoiseFrameWriter, SmallAppendsShareOneFrame) {
  auto [send, recv] = cipher_pair();
  NoiseFrameWriter w(send);
  for (int i = 0; i < 10; ++i) w.append(as_bytes("twelve bytes"));
  WireBuffer wire;
  w.take(wire);
  EXPECT_EQ(wire.size(), 2 + 120 + kNoiseTagSize);
}

TEST(NoiseCipher, TamperedFrameFailsToOpenInPlace) {
  auto [send, recv] = cipher_pair();
  Bytes frame = to_bytes("payload");
  frame.resize(frame.size() + kNoiseTagSize);
  send.seal_in_place(frame);
  frame[0] ^= 0x80;
  EXPECT_THROW(recv.open_in_place(frame), Error);
}

}  // namespace
}  // namespace fluence::net
