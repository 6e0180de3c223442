// CIDs of values and store entries (air.md §9.6).
#include <gtest/gtest.h>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/cid.h"
#include "fluence/core/hash.h"
#include "test_data.h"

namespace fluence::air {
namespace {

TEST(StoreCids, ValueCidTestVectors) {
  EXPECT_EQ(value_cid("\"test\"").str(),
            "bagaaihrarcyykpv4oj7zwdbepczyfthxya4og7s2rwvrzolm5kg2eu5dz3xa");
  EXPECT_EQ(value_cid("[1,2,3]").str(),
            "bagaaihram6sitn77tquub77n2jzjgttrlwkverv44pv3gns6qghm6hx6d36a");
  EXPECT_EQ(value_cid("1").str(), "bagaaihra2y55tkbgv6i4d7vdoglfuzhbd3ra6e7ennpvfrmzaejwmbntusdq");
  EXPECT_EQ(value_cid("{\"key\":42}").str(),
            "bagaaihracpzxhsrpviexa7k6glwdhyh3a4kvy6j7qlcqokzqbs3q424cmxyq");
  EXPECT_EQ(value_cid("[]").str(), "bagaaihra2u6rrqrsclvhwyyalff3rg6omaqy63x7foowfc4myqwt46n32wvq");
}

// The fixed-buffer encoder must write exactly what the general json_cid writes.
TEST(StoreCids, JsonCidCharsEqualJsonCid) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    const JsonCidChars chars = json_cid_chars(text);
    EXPECT_EQ(std::string(chars.data(), chars.size()), json_cid(text)) << text;
    text.push_back(static_cast<char>('!' + (i * 7919) % 90));
  }
}

// Both encoders (eight digits per word with BMI2, one per table lookup without) write what
// json_cid writes, also for the extreme digits 0 ('a') and 31 ('7') in every position.
TEST(StoreCids, CidCharsOfDigestEqualJsonCidOnBothPaths) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    const Digest32 digest = blake3(as_bytes(text));
    const std::string expected = json_cid(text);
    const JsonCidChars fast = json_cid_chars_of_digest(digest);
    const JsonCidChars portable = json_cid_chars_of_digest_portable(digest);
    EXPECT_EQ(std::string(fast.data(), fast.size()), expected) << text;
    EXPECT_EQ(std::string(portable.data(), portable.size()), expected) << text;
    text.push_back(static_cast<char>('a' + (i * 31) % 26));
  }
  for (std::uint8_t fill : {0x00, 0xff, 0x55, 0xaa}) {
    Digest32 digest;
    digest.fill(fill);
    const JsonCidChars fast = json_cid_chars_of_digest(digest);
    const JsonCidChars portable = json_cid_chars_of_digest_portable(digest);
    EXPECT_EQ(std::string(fast.data(), fast.size()), std::string(portable.data(), portable.size()));
    const std::uint8_t prefix[5] = {0x01, 0x80, 0x04, 0x1e, 0x20};
    Bytes cid(sizeof prefix + digest.size());
    std::copy(std::begin(prefix), std::end(prefix), cid.begin());
    std::copy(digest.begin(), digest.end(), cid.begin() + sizeof prefix);
    EXPECT_EQ(std::string(fast.data(), fast.size()), "b" + base32_encode(cid)) << int(fill);
  }
}

// Many texts at once (hashed side by side, lengths across block and chunk boundaries) give each
// text's own CID.
TEST(StoreCids, ManyCidCharsEqualOneByOne) {
  std::vector<std::string> texts;
  for (std::size_t n : {0, 1, 13, 63, 64, 65, 200, 1023, 1024, 1025, 3000})
    for (int copy = 0; copy < 3; ++copy) texts.push_back(std::string(n, static_cast<char>('a' + copy)));
  std::vector<ByteView> views;
  for (const auto& t : texts) views.push_back(as_bytes(t));
  const std::vector<JsonCidChars> many = json_cid_chars_many(views);
  ASSERT_EQ(many.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(many[i], json_cid_chars(texts[i])) << texts[i].size();
}

TEST(StoreCids, TetrapletJsonKeepsDeclarationOrder) {
  EXPECT_EQ(tetraplet_json({"p", "s\"", "f", ".$.[0]"}),
            R"({"peer_pk":"p","service_id":"s\"","function_name":"f","lens":".$.[0]"})");
}

TEST(StoreCids, ServiceResultJsonKeepsDeclarationOrder) {
  EXPECT_EQ(service_result_json({SharedText("v"), SharedText("a"), SharedText("t")}),
            R"({"value_cid":"v","argument_hash":"a","tetraplet_cid":"t"})");
}

// Texts of CID length and longer (the 16-byte check) with a byte to escape at any position,
// or DEL and non-ASCII (written as they are), give serde_json's escaping.
TEST(StoreCids, ServiceResultJsonEscapesAnyTextLikeSerde) {
  const std::string cid = "bagaaihrasomeplaincidtextofsixtyonecharactersxxxxxxxxxxxxxxxx";
  for (std::size_t at = 0; at < cid.size(); at += 5) {
    for (char c : {'"', '\\', '\n', '\x7f', '\xc3'}) {
      std::string odd = cid;
      odd[at] = c;
      if (c == '\xc3') odd.insert(at + 1, "\xa9");  // é, valid UTF-8
      std::string expected = "{\"value_cid\":";
      append_json_string(expected, cid);
      expected += ",\"argument_hash\":";
      append_json_string(expected, odd);
      expected += ",\"tetraplet_cid\":";
      append_json_string(expected, cid);
      expected += "}";
      EXPECT_EQ(service_result_json({SharedText(cid), SharedText(odd), SharedText(cid)}), expected)
          << at << " " << int(c);
    }
  }
}

TEST(StoreCids, CanonElementJsonTagsProvenance) {
  CanonElementAggregate e{SharedText("v"), SharedText("t"), {ProvenanceKind::kLiteral, {}}};
  EXPECT_EQ(canon_element_json(e), R"({"value":"v","tetraplet":"t","provenance":{"type":"literal"}})");
  e.provenance = {ProvenanceKind::kServiceResult, SharedText("c")};
  EXPECT_EQ(canon_element_json(e),
            R"({"value":"v","tetraplet":"t","provenance":{"type":"service_result","cid":"c"}})");
  e.provenance = {ProvenanceKind::kCanon, SharedText("c")};
  EXPECT_EQ(canon_element_json(e),
            R"({"value":"v","tetraplet":"t","provenance":{"type":"canon","cid":"c"}})");
}

TEST(StoreCids, CanonResultJsonListsValues) {
  EXPECT_EQ(canon_result_json({SharedText("t"), {SharedText("a"), SharedText("b")}}),
            R"({"tetraplet":"t","values":["a","b"]})");
  EXPECT_EQ(canon_result_json({SharedText("t"), {}}), R"({"tetraplet":"t","values":[]})");
}

// Every key of the reference's stores is the CID we compute for its entry.
TEST(StoreCids, ReferenceStoreKeysMatchComputedCids) {
  for (const char* name : {"all-state-kinds.dat", "two-peers.dat", "call-forwarded.dat"}) {
    auto d = decode_particle_data(testing::read_fixture(name)).data;
    const CidInfo& info = d.cid_info;
    std::size_t checked = 0;
    for (const auto& e : info.value_store.entries()) {
      EXPECT_EQ(value_cid(*e.value), e.cid);
      ++checked;
    }
    for (const auto& e : info.tetraplet_store.entries()) {
      EXPECT_EQ(tetraplet_cid(*e.value), e.cid);
      ++checked;
    }
    for (const auto& e : info.service_result_store.entries()) {
      EXPECT_EQ(service_result_cid(*e.value), e.cid);
      ++checked;
    }
    for (const auto& e : info.canon_element_store.entries()) {
      EXPECT_EQ(canon_element_cid(*e.value), e.cid);
      ++checked;
    }
    for (const auto& e : info.canon_result_store.entries()) {
      EXPECT_EQ(canon_result_cid(*e.value), e.cid);
      ++checked;
    }
    EXPECT_GE(checked, 3u) << name;
  }
}

}  // namespace
}  // namespace fluence::air
