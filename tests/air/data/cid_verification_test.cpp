// Verification of current_data's CID stores (air.md §9.7): error code 8.
#include <gtest/gtest.h>

#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/cid.h"
#include "fluence/core/hash.h"
#include "fluence/core/multibase.h"
#include "test_data.h"

namespace fluence::air {
namespace {

int verify_code(const CidInfo& info) {
  try {
    verify_cid_info(info);
  } catch (const DataError& e) {
    return e.code();
  }
  return 0;
}

CidInfo sample_info() {
  return testing::sample_data(testing::key_from_byte(4), "p").cid_info;
}

void put_value(CidInfo& info, std::string cid, std::string raw) {
  info.value_store.insert(SharedText(std::move(cid)), std::make_shared<const std::string>(std::move(raw)));
}

TEST(CidVerification, AcceptsReferenceStores) {
  for (const char* name : {"all-state-kinds.dat", "two-peers.dat", "call-forwarded.dat"})
    EXPECT_EQ(verify_code(decode_particle_data(testing::read_fixture(name)).data.cid_info), 0)
        << name;
}

TEST(CidVerification, AcceptsSampleStores) { EXPECT_EQ(verify_code(sample_info()), 0); }

TEST(CidVerification, RejectsValueNotMatchingItsCid) {
  CidInfo info;
  put_value(info, value_cid("1").str(), "2");
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, HashesTheRawValueTextAsStored) {
  CidInfo info;
  std::string raw = "{\"b\":1, \"a\":2}";  // not canonical, not even re-serialized
  put_value(info, value_cid(raw).str(), raw);
  EXPECT_EQ(verify_code(info), 0);
}

TEST(CidVerification, RejectsTetrapletNotMatchingItsCid) {
  CidInfo info;
  SecurityTetraplet t{"p", "s", "f", ""};
  info.tetraplet_store.insert(tetraplet_cid(t), std::make_shared<const SecurityTetraplet>(
                                                    SecurityTetraplet{"p", "s", "f", ".x"}));
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, AcceptsSha256Cids) {
  CidInfo info;
  Cid cid;
  cid.codec = kCodecJson;
  cid.hash = Multihash::compute(kMultihashSha2_256, as_bytes("\"x\""));
  put_value(info, cid.to_string(), "\"x\"");
  EXPECT_EQ(verify_code(info), 0);
}

TEST(CidVerification, AcceptsOtherMultibaseRenderings) {
  CidInfo info;
  Cid cid = Cid::parse(value_cid("\"x\"").view());
  put_value(info, multibase_encode(Multibase::kBase58Btc, cid.to_bytes()), "\"x\"");
  EXPECT_EQ(verify_code(info), 0);
}

TEST(CidVerification, RejectsCodecOtherThanJson) {
  CidInfo info;
  Cid cid;
  cid.codec = kCodecRaw;
  cid.hash = Multihash::compute(kMultihashBlake3, as_bytes("1"));
  put_value(info, cid.to_string(), "1");
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, RejectsUnsupportedHash) {
  CidInfo info;
  Cid cid;
  cid.codec = kCodecJson;
  cid.hash = Multihash::compute(kMultihashIdentity, as_bytes("1"));
  put_value(info, cid.to_string(), "1");
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, RejectsMalformedCid) {
  CidInfo info;
  put_value(info, "not a cid", "1");
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, RejectsServiceResultWithMissingTetraplet) {
  CidInfo info = sample_info();
  ServiceResultAggregate a{value_cid("1"), value_cid("[]"), value_cid("\"absent\"")};
  put_value(info, value_cid("1").str(), "1");
  info.service_result_store.insert(service_result_cid(a),
                                   std::make_shared<const ServiceResultAggregate>(a));
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, RejectsServiceResultWithMissingValue) {
  CidInfo info = sample_info();
  ServiceResultAggregate a{value_cid("\"absent\""), value_cid("[]"),
                           info.tetraplet_store.entries().front().cid};
  info.service_result_store.insert(service_result_cid(a),
                                   std::make_shared<const ServiceResultAggregate>(a));
  EXPECT_EQ(verify_code(info), 8);
}

TEST(CidVerification, RejectsCanonResultWithMissingTetrapletOrElement) {
  CidInfo info = sample_info();
  CanonResultAggregate a{value_cid("\"absent\""), {}};
  info.canon_result_store.insert(canon_result_cid(a), std::make_shared<const CanonResultAggregate>(a));
  EXPECT_EQ(verify_code(info), 8);

  CidInfo info2 = sample_info();
  CanonResultAggregate b{info2.tetraplet_store.entries().front().cid, {value_cid("\"absent\"")}};
  info2.canon_result_store.insert(canon_result_cid(b),
                                  std::make_shared<const CanonResultAggregate>(b));
  EXPECT_EQ(verify_code(info2), 8);
}

TEST(CidVerification, RejectsCanonElementWithMissingReferences) {
  const CidInfo base = sample_info();
  const CidText tetraplet = base.tetraplet_store.entries().front().cid;
  const CidText value = base.value_store.entries().front().cid;
  const CidText absent = value_cid("\"absent\"");
  std::vector<CanonElementAggregate> broken = {
      {absent, tetraplet, {ProvenanceKind::kLiteral, {}}},
      {value, absent, {ProvenanceKind::kLiteral, {}}},
      {value, tetraplet, {ProvenanceKind::kServiceResult, absent}},
      {value, tetraplet, {ProvenanceKind::kCanon, absent}},
  };
  for (const auto& e : broken) {
    CidInfo info = base;
    info.canon_element_store.insert(canon_element_cid(e),
                                    std::make_shared<const CanonElementAggregate>(e));
    EXPECT_EQ(verify_code(info), 8);
  }
  CidInfo ok = base;
  CanonElementAggregate fine{value, tetraplet, {ProvenanceKind::kLiteral, {}}};
  ok.canon_element_store.insert(canon_element_cid(fine),
                                std::make_shared<const CanonElementAggregate>(fine));
  EXPECT_EQ(verify_code(ok), 0);
}

}  // namespace
}  // namespace fluence::air
