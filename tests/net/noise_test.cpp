#include "fluence/net/noise.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

struct Pair {
  Ed25519KeyPair a = Ed25519KeyPair::generate();
  Ed25519KeyPair b = Ed25519KeyPair::generate();
};

void run_handshake(NoiseHandshake& i, NoiseHandshake& r) {
  r.read_message(i.write_message());
  i.read_message(r.write_message());
  r.read_message(i.write_message());
}

TEST(Noise, XxHandshakeAuthenticatesBothIdentities) {
  Pair p;
  NoiseHandshake i(true, p.a, PeerId::from_ed25519(p.b.public_key()));
  NoiseHandshake r(false, p.b);
  run_handshake(i, r);
  ASSERT_TRUE(i.complete());
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(i.remote_peer(), PeerId::from_ed25519(p.b.public_key()));
  EXPECT_EQ(r.remote_peer(), PeerId::from_ed25519(p.a.public_key()));
}

TEST(Noise, TransportCiphersMatchAcrossSides) {
  Pair p;
  NoiseHandshake i(true, p.a);
  NoiseHandshake r(false, p.b);
  run_handshake(i, r);
  auto is = i.take_send_cipher(), ir = i.take_recv_cipher();
  auto rs = r.take_send_cipher(), rr = r.take_recv_cipher();
  for (int n = 0; n < 3; ++n) {
    Bytes c1, c2;
    is.encrypt({}, as_bytes("hello"), c1);
    EXPECT_EQ(rr.decrypt({}, c1), to_bytes("hello"));
    rs.encrypt({}, as_bytes("world"), c2);
    EXPECT_EQ(ir.decrypt({}, c2), to_bytes("world"));
  }
}

TEST(Noise, HandshakesSharingOneStaticKeyAuthenticateAndGetFreshTransportKeys) {
  Pair p;
  auto shared = NoiseStaticIdentity::create(p.b);
  Bytes first_ciphertext;
  for (int round = 0; round < 2; ++round) {
    NoiseHandshake i(true, p.a, PeerId::from_ed25519(p.b.public_key()));
    NoiseHandshake r(false, p.b, std::nullopt, shared);
    run_handshake(i, r);
    ASSERT_TRUE(i.complete() && r.complete());
    EXPECT_EQ(i.remote_peer(), PeerId::from_ed25519(p.b.public_key()));
    auto send = r.take_send_cipher();
    auto recv = i.take_recv_cipher();
    Bytes c;
    send.encrypt({}, as_bytes("same text"), c);
    EXPECT_EQ(recv.decrypt({}, c), to_bytes("same text"));
    if (round == 0) first_ciphertext = c;
    else EXPECT_NE(c, first_ciphertext);  // ephemeral keys still differ per handshake
  }
}

TEST(Noise, MessageSizesFollowTheSpec) {
  Pair p;
  NoiseHandshake i(true, p.a);
  NoiseHandshake r(false, p.b);
  auto m1 = i.write_message();
  EXPECT_EQ(m1.size(), 32u);
  r.read_message(m1);
  auto m2 = r.write_message();
  EXPECT_GE(m2.size(), 96u);
  i.read_message(m2);
  auto m3 = i.write_message();
  EXPECT_GE(m3.size(), 64u);
}

TEST(Noise, WrongExpectedPeerIsRejected) {
  Pair p;
  auto other = Ed25519KeyPair::generate();
  NoiseHandshake i(true, p.a, PeerId::from_ed25519(other.public_key()));
  NoiseHandshake r(false, p.b);
  r.read_message(i.write_message());
  EXPECT_THROW(i.read_message(r.write_message()), Error);
}

TEST(Noise, TamperedMessageFailsDecryption) {
  Pair p;
  NoiseHandshake i(true, p.a);
  NoiseHandshake r(false, p.b);
  r.read_message(i.write_message());
  auto m2 = r.write_message();
  m2[40] ^= 1;
  EXPECT_THROW(i.read_message(m2), Error);
}

TEST(Noise, ShortMessagesAreRejected) {
  Pair p;
  NoiseHandshake r(false, p.b);
  EXPECT_THROW(r.read_message(Bytes(31)), Error);
  NoiseHandshake i(true, p.a);
  i.write_message();
  EXPECT_THROW(i.read_message(Bytes(80)), Error);
}

TEST(Noise, PayloadDecodesWithEmptyExtensionsAndUnknownFields) {
  // identity_key=01, identity_sig=02, extensions empty (22 00) as js sends, unknown field 7.
  auto p = NoisePayload::decode(hex_decode("0a01011201022200380a"));
  EXPECT_EQ(p.identity_key, Bytes{1});
  EXPECT_EQ(p.identity_sig, Bytes{2});
}

TEST(Noise, FrameReaderReassemblesSplitFrames) {
  Bytes stream;
  append_noise_frame(stream, as_bytes("abc"));
  append_noise_frame(stream, as_bytes("defg"));
  NoiseFrameReader r;
  r.feed(ByteView(stream).subspan(0, 4));
  EXPECT_FALSE(r.next().has_value());
  r.feed(ByteView(stream).subspan(4));
  auto f1 = r.next();
  ASSERT_TRUE(f1);
  EXPECT_EQ(as_chars(*f1), "abc");
  auto f2 = r.next();
  ASSERT_TRUE(f2);
  EXPECT_EQ(as_chars(*f2), "defg");
}

}  // namespace
}  // namespace fluence::net
