#include "fluence/core/cid.h"

#include <gtest/gtest.h>

#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"
#include "fluence/core/multibase.h"

namespace fluence {
namespace {

// air.md §9.6 test vectors: CIDs AquaVM gives these canonical JSON texts.
TEST(JsonCid, MatchesAquaVmVectors) {
  EXPECT_EQ(json_cid("\"test\""), "bagaaihrarcyykpv4oj7zwdbepczyfthxya4og7s2rwvrzolm5kg2eu5dz3xa");
  EXPECT_EQ(json_cid("[1,2,3]"), "bagaaihram6sitn77tquub77n2jzjgttrlwkverv44pv3gns6qghm6hx6d36a");
  EXPECT_EQ(json_cid("1"), "bagaaihra2y55tkbgv6i4d7vdoglfuzhbd3ra6e7ennpvfrmzaejwmbntusdq");
  EXPECT_EQ(json_cid("{\"key\":42}"),
            "bagaaihracpzxhsrpviexa7k6glwdhyh3a4kvy6j7qlcqokzqbs3q424cmxyq");
  EXPECT_EQ(json_cid("[]"), "bagaaihra2u6rrqrsclvhwyyalff3rg6omaqy63x7foowfc4myqwt46n32wvq");
}

TEST(JsonCid, OfParsedValueUsesCanonicalText) {
  EXPECT_EQ(json_cid(canonical_json(parse_json("{ \"key\" : 42 }"))),
            "bagaaihracpzxhsrpviexa7k6glwdhyh3a4kvy6j7qlcqokzqbs3q424cmxyq");
}

TEST(JsonCid, IsAlways61CharactersStartingBagaaihra) {
  std::string cid = json_cid("anything");
  EXPECT_EQ(cid.size(), 61u);
  EXPECT_EQ(cid.substr(0, 9), "bagaaihra");
}

TEST(Cid, JsonCidEqualsGeneralCidOfBlake3Multihash) {
  Cid cid{1, kCodecJson, Multihash::compute(kMultihashBlake3, as_bytes("[]"))};
  EXPECT_EQ(cid.to_string(), json_cid("[]"));
}

TEST(Cid, ParsesWhatItPrintsInBinaryAndText) {
  Cid cid{1, kCodecJson, Multihash::compute(kMultihashBlake3, as_bytes("\"test\""))};
  EXPECT_EQ(Cid::parse(cid.to_string()), cid);
  EXPECT_EQ(Cid::from_bytes(cid.to_bytes()), cid);
  Bytes b = cid.to_bytes();
  EXPECT_EQ(hex_encode(Bytes(b.begin(), b.begin() + 5)), "0180041e20");
}

TEST(Cid, ParsesAnyMultibase) {
  Cid cid{1, kCodecJson, Multihash::compute(kMultihashSha2_256, as_bytes("x"))};
  for (auto base : {Multibase::kBase58Btc, Multibase::kBase32Upper, Multibase::kBase64,
                    Multibase::kBase16}) {
    EXPECT_EQ(Cid::parse(multibase_encode(base, cid.to_bytes())), cid);
  }
}

TEST(Cid, ParsesBase32TextInAnyLetterCase) {
  Cid cid{1, kCodecJson, Multihash::compute(kMultihashBlake3, as_bytes("\"test\""))};
  std::string text = cid.to_string();
  std::string mixed = text;
  for (std::size_t i = 1; i < mixed.size(); i += 2) {
    if (mixed[i] >= 'a' && mixed[i] <= 'z') mixed[i] = static_cast<char>(mixed[i] - 'a' + 'A');
  }
  ASSERT_NE(mixed, text);
  EXPECT_EQ(Cid::parse(mixed), cid);
  EXPECT_EQ(Cid::parse(mixed).to_string(), text);
}

TEST(Cid, ReadsCidV0AsBase58Sha256) {
  // The IPFS empty-directory CIDv0.
  Cid cid = Cid::parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  EXPECT_EQ(cid.version, 0u);
  EXPECT_EQ(cid.codec, kCodecDagPb);
  EXPECT_EQ(cid.hash.code, kMultihashSha2_256);
  EXPECT_EQ(cid.to_string(), "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  EXPECT_EQ(Cid::from_bytes(cid.to_bytes()), cid);
}

TEST(Cid, RejectsUnsupportedVersion) {
  EXPECT_THROW(Cid::from_bytes(Bytes{0x02, 0x55, 0x00, 0x00}), Error);
}

TEST(Cid, RejectsTrailingBytes) {
  Cid cid{1, kCodecRaw, Multihash::compute(kMultihashIdentity, as_bytes("a"))};
  Bytes b = cid.to_bytes();
  b.push_back(0);
  EXPECT_THROW(Cid::from_bytes(b), Error);
}

TEST(Cid, RejectsTruncatedOrGarbageText) {
  std::string good = json_cid("1");
  EXPECT_THROW(Cid::parse(good.substr(0, 40)), Error);
  EXPECT_THROW(Cid::parse(""), Error);
  EXPECT_THROW(Cid::parse("b!!!!"), Error);
  EXPECT_THROW(Cid::parse("Qm0000000000000000000000000000000000000000000O"), Error);
}

}  // namespace
}  // namespace fluence
