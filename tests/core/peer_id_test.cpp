#include "fluence/core/peer_id.h"

#include <gtest/gtest.h>

#include "fluence/core/base_encoding.h"
#include "fluence/core/cid.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"
#include "fluence/core/multibase.h"

namespace fluence {
namespace {

struct NamedPeer {
  const char* name;
  const char* peer_id;
};
// The reference's simulated peers (secret seed = SHA-256 of the name), as printed by the
// oracle: `node run-air.mjs --list-peers client alice bob relay`.
const NamedPeer kOraclePeers[] = {
    {"client", "12D3KooWEX9FMY4kgWPq8HitrZxudcATTPkT9tSY9FBx1A52TZmd"},
    {"alice", "12D3KooWQCkBm1BYtkHpocxCwMgR8yjitEeHGx8spzcDLGt2gkBm"},
    {"bob", "12D3KooWRkZhiRhsqmrQ28rt73K7V3aCBpqKrLGSXmZ99PTcTZby"},
    {"relay", "12D3KooWSMDFN5DeFADosuV7UEwjHWQv1ioLEUqgzjGjxYQzxFX6"},
};

TEST(PeerId, MatchesTheReferencesNamedPeers) {
  for (const auto& peer : kOraclePeers) {
    auto seed = sha256(as_bytes(peer.name));
    auto pair = Ed25519KeyPair::from_seed(seed);
    EXPECT_EQ(PeerId::from_ed25519(pair.public_key()).to_base58(), peer.peer_id) << peer.name;
  }
}

TEST(PeerId, MatchesAquaVmSignatureVectorPeer) {
  auto pair = Ed25519KeyPair::from_seed(Bytes(32, 0x01));
  EXPECT_EQ(PeerId::from_ed25519(pair.public_key()).to_base58(),
            "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5");
}

// network.md §2.2: the /p2p component of the worked multiaddr example.
TEST(PeerId, MultiaddrExampleBytesAreTheIdentityMultihash) {
  auto id = PeerId::parse("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D");
  EXPECT_EQ(hex_encode(id.bytes()),
            "0024080112200851ab6549baf985caf2c2a2055c6aa60df73213b1dded2e6af237a7927eeafa");
  EXPECT_EQ(PeerId::from_bytes(id.bytes()).to_base58(),
            "12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D");
}

TEST(PeerId, Ed25519IdIsIdentityMultihashOfProtobufKey) {
  Ed25519PublicKey pk{};
  pk.fill(0x11);
  auto id = PeerId::from_ed25519(pk);
  EXPECT_EQ(hex_encode(ByteView(id.bytes()).first(6)), "002408011220");
  EXPECT_EQ(id.bytes().size(), 38u);
  EXPECT_EQ(id.to_base58().substr(0, 8), "12D3KooW");
}

TEST(PeerId, RecoversTheEd25519PublicKey) {
  auto pair = Ed25519KeyPair::generate();
  auto id = PeerId::from_ed25519(pair.public_key());
  ASSERT_TRUE(id.ed25519_public_key());
  EXPECT_EQ(*id.ed25519_public_key(), pair.public_key());
  EXPECT_EQ(id.public_key()->type, KeyType::kEd25519);
}

TEST(PeerId, LongKeysAreHashedWithSha256) {
  Libp2pKey rsa{KeyType::kRsa, Bytes(270, 0x30)};
  auto id = PeerId::from_public_key(rsa);
  EXPECT_EQ(id.bytes().size(), 34u);
  EXPECT_EQ(id.to_base58().substr(0, 2), "Qm");
  EXPECT_FALSE(id.public_key());
  EXPECT_FALSE(id.ed25519_public_key());
  EXPECT_EQ(PeerId::parse(id.to_base58()), id);
}

TEST(PeerId, Secp256k1IdIsInlinedAndStartsWith16Uiu2) {
  Bytes key(33, 0x02);
  auto id = PeerId::from_public_key({KeyType::kSecp256k1, key});
  EXPECT_EQ(id.bytes().size(), 39u);
  EXPECT_EQ(id.to_base58().substr(0, 6), "16Uiu2");
  EXPECT_FALSE(id.ed25519_public_key());
}

TEST(PeerId, ParsesCidV1WithLibp2pKeyCodec) {
  auto id = PeerId::parse("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D");
  Cid cid{1, kCodecLibp2pKey, Multihash::from_bytes(id.bytes())};
  std::string text = cid.to_string();
  EXPECT_EQ(text.substr(0, 4), "bafz");
  EXPECT_EQ(PeerId::parse(text), id);
  EXPECT_EQ(PeerId::parse(multibase_encode(Multibase::kBase58Btc, cid.to_bytes())), id);
}

TEST(PeerId, RejectsCidWithOtherCodec) {
  Cid cid{1, kCodecJson, Multihash::compute(kMultihashIdentity, Bytes(36, 1))};
  EXPECT_THROW(PeerId::parse(cid.to_string()), Error);
}

TEST(PeerId, RejectsMalformedText) {
  EXPECT_THROW(PeerId::parse(""), Error);
  EXPECT_THROW(PeerId::parse("12D3KooW0000"), Error);
  EXPECT_THROW(PeerId::parse("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4"), Error);
  EXPECT_THROW(PeerId::parse("hello"), Error);
}

TEST(PeerId, RejectsOtherMultihashCodesAndOversizedIdentity) {
  EXPECT_THROW(PeerId::from_bytes(Multihash::compute(kMultihashBlake3, Bytes{}).to_bytes()), Error);
  EXPECT_THROW(PeerId::from_bytes(Multihash::compute(kMultihashIdentity, Bytes(43)).to_bytes()),
               Error);
  EXPECT_THROW(PeerId::from_bytes(Bytes{0x12, 0x10, 0x00}), Error);
}

TEST(PeerId, HashesEqualIdsEqually) {
  auto a = PeerId::parse(kOraclePeers[0].peer_id);
  EXPECT_EQ(std::hash<PeerId>{}(a), std::hash<PeerId>{}(PeerId::parse(kOraclePeers[0].peer_id)));
}

TEST(PeerId, OrdersAndComparesByBytes) {
  auto a = PeerId::parse(kOraclePeers[0].peer_id);
  auto b = PeerId::parse(kOraclePeers[1].peer_id);
  EXPECT_EQ(a, PeerId::parse(kOraclePeers[0].peer_id));
  EXPECT_NE(a, b);
  EXPECT_EQ(a < b, a.bytes() < b.bytes());
}

}  // namespace
}  // namespace fluence
