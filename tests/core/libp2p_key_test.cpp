#include "fluence/core/libp2p_key.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Libp2pKey, Ed25519PublicKeyEncodesAs36Bytes) {
  Libp2pKey key{KeyType::kEd25519, Bytes(32, 0xab)};
  Bytes b = key.encode();
  ASSERT_EQ(b.size(), 36u);
  EXPECT_EQ(hex_encode(ByteView(b).first(4)), "08011220");
}

TEST(Libp2pKey, PrivateKeyDataOf64BytesEncodesWithOneByteLength) {
  Libp2pKey key{KeyType::kEd25519, Bytes(64, 1)};
  EXPECT_EQ(hex_encode(ByteView(key.encode()).first(4)), "08011240");
}

TEST(Libp2pKey, RoundTripsEveryKeyType) {
  for (auto type : {KeyType::kRsa, KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kEcdsa}) {
    Libp2pKey key{type, Bytes(200, 7)};
    EXPECT_EQ(Libp2pKey::decode(key.encode()), key);
  }
}

TEST(Libp2pKey, AcceptsFieldsInAnyOrder) {
  Bytes b{0x12, 0x02, 0xaa, 0xbb, 0x08, 0x02};
  EXPECT_EQ(Libp2pKey::decode(b), (Libp2pKey{KeyType::kSecp256k1, Bytes{0xaa, 0xbb}}));
}

TEST(Libp2pKey, RejectsMissingFields) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x01}), Error);
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x12, 0x00}), Error);
  EXPECT_THROW(Libp2pKey::decode(Bytes{}), Error);
}

TEST(Libp2pKey, RejectsUnknownKeyType) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x04, 0x12, 0x00}), Error);
}

TEST(Libp2pKey, RejectsUnsupportedWireTypes) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x01, 0x12, 0x00, 0x1b}), Error);  // group start
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x01, 0x12, 0x00, 0x1f}), Error);  // wire type 7
}

TEST(Libp2pKey, RejectsWrongWireTypeForKnownField) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x0a, 0x00, 0x12, 0x00}), Error);
}

TEST(Libp2pKey, RejectsTruncatedData) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x01, 0x12, 0x20, 0x00}), Error);
}

TEST(Libp2pKey, RejectsTrailingJunk) {
  EXPECT_THROW(Libp2pKey::decode(Bytes{0x08, 0x01, 0x12, 0x00, 0x80}), Error);
}

TEST(Libp2pKey, Ed25519PrivateKeyIsSeedThenPublicAndRoundTrips) {
  auto pair = Ed25519KeyPair::from_seed(Bytes(32, 0x01));
  Bytes encoded = libp2p_private_key(pair).encode();
  ASSERT_EQ(encoded.size(), 68u);
  EXPECT_EQ(hex_encode(ByteView(encoded).first(4)), "08011240");
  auto back = ed25519_from_libp2p_private_key(Libp2pKey::decode(encoded));
  EXPECT_EQ(back.public_key(), pair.public_key());
  EXPECT_EQ(libp2p_public_key(pair).encode().size(), 36u);
}

TEST(Libp2pKey, PrivateKeyOfOtherTypeOrMismatchedHalvesIsRejected) {
  auto pair = Ed25519KeyPair::from_seed(Bytes(32, 0x01));
  Libp2pKey other{KeyType::kSecp256k1, pair.keypair_bytes()};
  EXPECT_THROW(ed25519_from_libp2p_private_key(other), Error);
  Libp2pKey bad = libp2p_private_key(pair);
  bad.data[40] ^= 1;
  EXPECT_THROW(ed25519_from_libp2p_private_key(bad), Error);
}

}  // namespace
}  // namespace fluence
