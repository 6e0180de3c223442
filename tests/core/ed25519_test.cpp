#include "fluence/core/ed25519.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <vector>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Ed25519, MatchesRfc8032TestVector1) {
  auto pair = Ed25519KeyPair::from_seed(
      hex_decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(hex_encode(pair.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(hex_encode(pair.sign({})),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

// air.md §9.8: the particle signature vector.
TEST(Ed25519, MatchesAquaVmSignatureVector) {
  auto pair = Ed25519KeyPair::from_seed(Bytes(32, 0x01));
  EXPECT_EQ(hex_encode(pair.public_key()),
            "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
  Bytes message = hex_decode("000000000a000000");
  auto salt = as_bytes("particle-1");
  message.insert(message.end(), salt.begin(), salt.end());
  auto sig = pair.sign(message);
  EXPECT_EQ(hex_encode(sig),
            "ff313e786ec0125cd17efd16166ec1ad8e39f27981e7d6602a2379e7aa04138bbaafcebfb424d6d6d8eb"
            "50cde19e2a8ffe6619ed08bdae906df599691e5fa509");
  EXPECT_TRUE(ed25519_verify(pair.public_key(), message, sig));
}

TEST(Ed25519, VerifyRejectsAlteredMessageOrSignature) {
  auto pair = Ed25519KeyPair::generate();
  Bytes msg = to_bytes("hello");
  auto sig = pair.sign(msg);
  EXPECT_TRUE(ed25519_verify(pair.public_key(), msg, sig));
  msg[0] ^= 1;
  EXPECT_FALSE(ed25519_verify(pair.public_key(), msg, sig));
  msg[0] ^= 1;
  sig[10] ^= 1;
  EXPECT_FALSE(ed25519_verify(pair.public_key(), msg, sig));
}

TEST(Ed25519, VerifyRejectsWrongSizes) {
  auto pair = Ed25519KeyPair::generate();
  auto sig = pair.sign({});
  EXPECT_FALSE(ed25519_verify(ByteView(pair.public_key()).first(31), {}, sig));
  EXPECT_FALSE(ed25519_verify(pair.public_key(), {}, ByteView(sig).first(63)));
}

TEST(Ed25519, GenerateGivesDistinctKeys) {
  EXPECT_NE(Ed25519KeyPair::generate().seed(), Ed25519KeyPair::generate().seed());
}

TEST(Ed25519, FromSeedRejectsWrongLength) {
  EXPECT_THROW(Ed25519KeyPair::from_seed(Bytes(31)), Error);
  EXPECT_THROW(Ed25519KeyPair::from_seed(Bytes(33)), Error);
}

TEST(Ed25519, KeypairBytesAreSeedThenPublicAndRoundTrip) {
  auto pair = Ed25519KeyPair::from_seed(Bytes(32, 0x01));
  Bytes kp = pair.keypair_bytes();
  ASSERT_EQ(kp.size(), 64u);
  EXPECT_EQ(Bytes(kp.begin(), kp.begin() + 32), Bytes(32, 0x01));
  EXPECT_EQ(Ed25519KeyPair::from_keypair_bytes(kp).public_key(), pair.public_key());
}

TEST(Ed25519, KeypairBytesWithMismatchedPublicKeyAreRejected) {
  Bytes kp = Ed25519KeyPair::from_seed(Bytes(32, 0x01)).keypair_bytes();
  kp[40] ^= 1;
  EXPECT_THROW(Ed25519KeyPair::from_keypair_bytes(kp), Error);
}

TEST(Ed25519, Legacy96ByteFormIsAcceptedWhenBothPublicCopiesMatch) {
  Bytes kp = Ed25519KeyPair::from_seed(Bytes(32, 0x02)).keypair_bytes();
  Bytes legacy = kp;
  legacy.insert(legacy.end(), kp.begin() + 32, kp.end());
  EXPECT_EQ(Ed25519KeyPair::from_keypair_bytes(legacy).keypair_bytes(), kp);
  legacy[95] ^= 1;
  EXPECT_THROW(Ed25519KeyPair::from_keypair_bytes(legacy), Error);
  EXPECT_THROW(Ed25519KeyPair::from_keypair_bytes(Bytes(65)), Error);
}

}  // namespace
}  // namespace fluence

namespace fluence {
namespace {

// Long messages are signed along another path (OpenSSL's SHA-512 when built with it): the
// signatures must be those of libsodium's crypto_sign_detached, byte for byte, on both sides
// of the switch and for many keys.
TEST(Ed25519, LongMessageSignaturesEqualLibsodiums) {
  ASSERT_GE(sodium_init(), 0);
  std::vector<std::size_t> lengths = {0, 1, 100, 4095, 4096, 4097, 65536, 200000};
  for (int round = 0; round < 8; ++round) {
    const Ed25519KeyPair key = Ed25519KeyPair::generate();
    unsigned char sk[64], pk[32];
    crypto_sign_seed_keypair(pk, sk, key.seed().data());
    for (std::size_t n : lengths) {
      Bytes message(n + static_cast<std::size_t>(round));
      if (!message.empty()) randombytes_buf(message.data(), message.size());
      Ed25519Signature expected;
      crypto_sign_detached(expected.data(), nullptr, message.data(), message.size(), sk);
      EXPECT_EQ(key.sign(message), expected) << "length " << message.size();
      EXPECT_TRUE(ed25519_verify(key.public_key(), message, key.sign(message)));
    }
  }
}

}  // namespace
}  // namespace fluence
