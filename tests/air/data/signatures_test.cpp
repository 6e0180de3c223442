// Signatures of produced CIDs (air.md §9.8): message, signing, verification (code 9), merge.
#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/signatures.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/hash.h"
#include "test_data.h"

namespace fluence::air {
namespace {

using testing::key_from_byte;
using testing::peer_id_of;

int verify_code(const InterpreterData& d, const std::string& salt) {
  try {
    verify_signatures(d, salt);
  } catch (const DataError& e) {
    return e.code();
  }
  return 0;
}

int merge_code(const InterpreterData& prev, const InterpreterData& current) {
  try {
    merge_signatures(prev, current);
  } catch (const DataError& e) {
    return e.code();
  }
  return 0;
}

TEST(Signatures, SignedMessageIsBorshOfSortedCidsAndSalt) {
  EXPECT_EQ(hex_encode(signed_message({}, "particle-1")),
            "00000000" "0a000000" + hex_encode(as_bytes("particle-1")));
  EXPECT_EQ(hex_encode(signed_message({SharedText("bb"), SharedText("a"), SharedText("bb")}, "s")),
            "03000000" "01000000" "61" "02000000" "6262" "02000000" "6262" "01000000" "73");
}

// The order is the texts' byte order, also where they share long prefixes, differ in length,
// or hold bytes that are zero or above 0x7f (the sort compares the first sixteen bytes as
// integers before it reads the texts).
TEST(Signatures, SignedMessageOrdersCidsByBytes) {
  std::mt19937 rng(7);
  const std::string alphabet("\x00\x01az\x7f\x80\xff", 7);
  for (int round = 0; round < 200; ++round) {
    std::vector<CidText> cids;
    std::vector<std::string> texts;
    const std::size_t n = rng() % 40;
    for (std::size_t i = 0; i < n; ++i) {
      std::string t = rng() % 2 ? std::string("bafkr4i") : std::string();
      const std::size_t len = rng() % 24;
      for (std::size_t k = 0; k < len; ++k) t += alphabet[rng() % alphabet.size()];
      if (!texts.empty() && rng() % 4 == 0) t = texts[rng() % texts.size()] + t.substr(0, rng() % 3);
      texts.push_back(t);
      cids.push_back(SharedText(t));
    }
    std::sort(texts.begin(), texts.end());
    Bytes expected;
    auto put = [&](std::size_t v) {
      for (int i = 0; i < 4; ++i) expected.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    put(texts.size());
    for (const auto& t : texts) {
      put(t.size());
      expected.insert(expected.end(), t.begin(), t.end());
    }
    put(1);
    expected.push_back('s');
    ASSERT_EQ(signed_message(cids, "s"), expected) << "round " << round;
  }
}

TEST(Signatures, TestVectorOfSeedOnes) {
  auto key = key_from_byte(0x01);
  SignatureEntry e = sign_cids(key, {}, "particle-1");
  EXPECT_EQ(hex_encode(e.public_key),
            "008a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
  EXPECT_EQ(hex_encode(e.signature),
            "00ff313e786ec0125cd17efd16166ec1ad8e39f27981e7d6602a2379e7aa04138b"
            "baafcebfb424d6d6d8eb50cde19e2a8ffe6619ed08bdae906df599691e5fa509");
  EXPECT_EQ(signature_peer_id(e), "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5");
}

TEST(Signatures, ProducedCidsAreAttributedToTheTetrapletPeer) {
  auto key = key_from_byte(5);
  InterpreterData d = testing::sample_data(key, "p");
  PeerCids cids = collect_peer_cids(d.trace, d.cid_info);
  ASSERT_EQ(cids.size(), 1u);
  const auto& mine = cids.at(peer_id_of(key));
  // Scalar, Stream, Failed and the executed canon; not Unused, not requests.
  ASSERT_EQ(mine.size(), 4u);
  EXPECT_EQ(mine[3], std::get<CanonExecuted>(std::get<CanonResult>(d.trace[9])).cid);
}

TEST(Signatures, AttributionCountsMultiplicity) {
  auto key = key_from_byte(5);
  InterpreterData d = testing::sample_data(key, "p");
  d.trace.push_back(d.trace[1]);
  EXPECT_EQ(collect_peer_cids(d.trace, d.cid_info).at(peer_id_of(key)).size(), 5u);
}

TEST(Signatures, VerifiesReferenceSignaturesOfTwoPeers) {
  auto d = decode_particle_data(testing::read_fixture("two-peers.dat")).data;
  EXPECT_EQ(d.signatures.size(), 2u);
  EXPECT_EQ(verify_code(d, testing::kFixtureParticleId), 0);
}

TEST(Signatures, SigningReproducesReferenceSignatures) {
  // The oracle's client key is SHA-256("client"); Ed25519 is deterministic, so our signature
  // over the client's CIDs must be the reference's bytes.
  auto d = decode_particle_data(testing::read_fixture("all-state-kinds.dat")).data;
  ASSERT_EQ(d.signatures.size(), 1u);
  auto key = Ed25519KeyPair::from_seed(sha256(as_bytes("client")));
  auto cids = collect_peer_cids(d.trace, d.cid_info).at(peer_id_of(key));
  EXPECT_EQ(cids.size(), 7u);
  EXPECT_EQ(sign_cids(key, cids, testing::kFixtureParticleId), d.signatures.entries[0]);
}

TEST(Signatures, RejectsWrongSalt) {
  auto d = decode_particle_data(testing::read_fixture("two-peers.dat")).data;
  EXPECT_EQ(verify_code(d, "another-particle"), 9);
}

TEST(Signatures, RejectsTamperedSignature) {
  auto key = key_from_byte(6);
  InterpreterData d = testing::sample_data(key, "p");
  EXPECT_EQ(verify_code(d, "p"), 0);
  d.signatures.entries[0].signature[10] ^= 1;
  EXPECT_EQ(verify_code(d, "p"), 9);
}

TEST(Signatures, RejectsSignatureOverOtherCids) {
  auto key = key_from_byte(6);
  InterpreterData d = testing::sample_data(key, "p");
  d.trace.pop_back();
  d.trace.erase(d.trace.begin() + 1);  // drop a produced CID after signing
  EXPECT_EQ(verify_code(d, "p"), 9);
}

TEST(Signatures, RejectsProducerWithoutKey) {
  InterpreterData d = testing::sample_data(key_from_byte(6), "p");
  d.signatures = SignatureStore{};
  EXPECT_EQ(verify_code(d, "p"), 9);
}

TEST(Signatures, RejectsMalformedKeyAndSignature) {
  InterpreterData d = testing::sample_data(key_from_byte(6), "p");
  d.signatures.entries[0].public_key[0] = 0x02;
  EXPECT_EQ(verify_code(d, "p"), 9);
  InterpreterData e = testing::sample_data(key_from_byte(6), "p");
  e.signatures.entries[0].signature.pop_back();
  EXPECT_EQ(verify_code(e, "p"), 9);
}

TEST(Signatures, KeyWithoutCidsSignsTheEmptyList) {
  InterpreterData d;
  sign_current_peer(d, key_from_byte(7), "p");
  EXPECT_EQ(verify_code(d, "p"), 0);
}

TEST(Signatures, SignCurrentPeerReplacesItsEntry) {
  auto key = key_from_byte(8);
  InterpreterData d = testing::sample_data(key, "p");
  d.trace.push_back(d.trace[1]);
  EXPECT_EQ(verify_code(d, "p"), 9);
  sign_current_peer(d, key, "p");
  EXPECT_EQ(d.signatures.size(), 1u);
  EXPECT_EQ(verify_code(d, "p"), 0);
}

// A verified signature of this key over the same message is what signing gives again; one
// over another message (or of another key) is not reused.
TEST(Signatures, ResigningReusesOnlyAVerifiedSignatureOfTheSameMessage) {
  auto key = key_from_byte(9);
  InterpreterData d = testing::sample_data(key, "p");
  std::vector<VerifiedSignature> verified = verify_signatures(d, "p");
  ASSERT_EQ(verified.size(), 1u);
  InterpreterData fresh = d, reused = d;
  sign_current_peer(fresh, key, "p");
  sign_current_peer(reused, key, "p", verified);
  EXPECT_EQ(reused.signatures, fresh.signatures);

  InterpreterData grown = d;
  grown.trace.push_back(grown.trace[1]);  // one more CID of this peer: a new message
  sign_current_peer(grown, key, "p", verified);
  EXPECT_NE(grown.signatures.entries[0].signature, d.signatures.entries[0].signature);
  EXPECT_EQ(verify_code(grown, "p"), 0);

  // another key's verified signature is not this key's
  InterpreterData other = d;
  sign_current_peer(other, key_from_byte(10), "p", verified);
  ASSERT_EQ(other.signatures.size(), 2u);
  EXPECT_NE(other.signatures.entries[1].signature, d.signatures.entries[0].signature);
}

// Verification remembers the CIDs in trace order: the same list in the same order is known to
// give the same message without sorting it again; any other list is compared by its message.
TEST(Signatures, ResigningTheSameCidsInTheSameOrderNeedsNoMessage) {
  auto key = key_from_byte(9);
  InterpreterData d = testing::sample_data(key, "p");
  std::vector<VerifiedSignature> verified = verify_signatures(d, "p");
  ASSERT_EQ(verified.size(), 1u);
  ASSERT_GE(verified[0].cids.size(), 2u);
  // A marker instead of the real signature, and a message nothing can equal: only the list
  // comparison can make signing keep the verified entry.
  verified[0].message = Bytes{0xff};
  verified[0].entry.signature = Bytes(65, 0x07);
  InterpreterData same = d;
  sign_current_peer(same, key, "p", verified);
  EXPECT_EQ(same.signatures.entries[0].signature, Bytes(65, 0x07));

  std::reverse(verified[0].cids.begin(), verified[0].cids.end());  // same multiset, other order
  InterpreterData reordered = d;
  sign_current_peer(reordered, key, "p", verified);
  EXPECT_EQ(reordered.signatures.entries[0].signature, d.signatures.entries[0].signature);
}

TEST(Signatures, MergeKeepsTheLargerMultisetPerPeer) {
  auto key = key_from_byte(10);
  InterpreterData full = testing::sample_data(key, "p");
  InterpreterData part = full;
  part.trace.resize(3);  // Par, Scalar, Stream
  sign_current_peer(part, key, "p");
  SignatureStore merged = merge_signatures(part, full);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged.entries[0], full.signatures.entries[0]);
  merged = merge_signatures(full, part);
  EXPECT_EQ(merged.entries[0], full.signatures.entries[0]);
}

TEST(Signatures, MergeRejectsInconsistentMultisets) {
  auto key = key_from_byte(10);
  InterpreterData full = testing::sample_data(key, "p");
  InterpreterData other = full;
  other.trace.erase(other.trace.begin() + 1);  // drops Scalar ...
  other.trace.push_back(other.trace[1]);       // ... adds a second Stream: same size, different
  sign_current_peer(other, key, "p");
  EXPECT_EQ(merge_code(full, other), 9);
}

TEST(Signatures, MergeKeepsPeersOfBothSides) {
  InterpreterData a, b;
  sign_current_peer(a, key_from_byte(11), "p");
  sign_current_peer(b, key_from_byte(12), "p");
  EXPECT_EQ(merge_signatures(a, b).size(), 2u);
}

TEST(Signatures, MergeRejectsPrevProducerWithoutKey) {
  InterpreterData prev = testing::sample_data(key_from_byte(13), "p");
  prev.signatures = SignatureStore{};
  EXPECT_EQ(merge_code(prev, InterpreterData{}), 9);
}

}  // namespace
}  // namespace fluence::air

namespace fluence::air {
namespace {

TEST(Signatures, MissingKeyMessageMatchesReference) {
  InterpreterData d = testing::sample_data(key_from_byte(6), "p");
  d.signatures = SignatureStore{};
  try {
    verify_signatures(d, "p");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "peer_id doens't match any available public key: \"" +
                                         peer_id_of(key_from_byte(6)) + "\"");
  }
}

}  // namespace
}  // namespace fluence::air
