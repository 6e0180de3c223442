// The archive reader validates like rkyv 0.7's validator (air.md §9.3-§9.5): malformed input
// gives DataError code 2, never a crash.
#include <gtest/gtest.h>

#include <random>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/store_cids.h"
#include "test_data.h"

namespace fluence::air {
namespace {

std::uint32_t be32(const Bytes& b, std::size_t at) {
  return (std::uint32_t(b[at]) << 24) | (std::uint32_t(b[at + 1]) << 16) |
         (std::uint32_t(b[at + 2]) << 8) | b[at + 3];
}
void put_be32(Bytes& b, std::size_t at, std::uint32_t v) {
  b[at] = std::uint8_t(v >> 24);
  b[at + 1] = std::uint8_t(v >> 16);
  b[at + 2] = std::uint8_t(v >> 8);
  b[at + 3] = std::uint8_t(v);
}

int decode_code(ByteView archive) {
  try {
    decode_inner_data(archive);
  } catch (const DataError& e) {
    return e.code();
  }
  return 0;
}

// The archive of §9.9 (null script): signature bytes at 0, entry at 0x64, root at 0x74.
Bytes null_archive() {
  Bytes d = testing::read_fixture("null.dat");
  return Bytes(d.begin() + 56, d.end());
}
constexpr std::size_t kRoot = 0x74;

// A data with one value: "<cid>" then the raw text, then RawValue, then the entry.
InterpreterData one_value(const std::string& json) {
  InterpreterData d;
  d.cid_info.value_store.insert(value_cid(json), std::make_shared<const std::string>(json));
  return d;
}

TEST(ArchiveValidation, AcceptsReferenceArchive) { EXPECT_EQ(decode_code(null_archive()), 0); }

TEST(ArchiveValidation, RejectsArchiveShorterThanRoot) {
  EXPECT_EQ(decode_code(Bytes(59, 0)), 2);
  EXPECT_EQ(decode_code(Bytes()), 2);
}

TEST(ArchiveValidation, RejectsUnalignedRoot) {
  Bytes a = null_archive();
  a.insert(a.begin(), 2, 0);
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, PointersAreRelativeSoLeadingPaddingIsHarmless) {
  Bytes a = null_archive();
  a.insert(a.begin(), 4, 0);
  EXPECT_EQ(decode_code(a), 0);
}

TEST(ArchiveValidation, RejectsPointerOutsideTheBuffer) {
  Bytes a = null_archive();
  put_be32(a, kRoot + 52, 0x7ffffff0);  // signatures
  EXPECT_EQ(decode_code(a), 2);
  put_be32(a, kRoot + 52, 0x80000000);
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsSliceOverrunningTheBuffer) {
  Bytes a = null_archive();
  put_be32(a, kRoot + 56, 1000);  // signatures count
  EXPECT_EQ(decode_code(a), 2);
  put_be32(a, kRoot + 56, 0xffffffff);
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsUnalignedTarget) {
  Bytes a = null_archive();
  put_be32(a, kRoot + 52, be32(a, kRoot + 52) + 1);
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsTargetAfterItsParent) {
  // The root's target region is the bytes before it: an entry array moved onto the root fails.
  Bytes a = null_archive();
  put_be32(a, kRoot + 52, 4);  // signatures -> root + 56
  put_be32(a, kRoot + 56, 0);  // ... as an empty slice: past the root's range end
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsEmptySlicePointingAtItsOwnField) {
  Bytes a = null_archive();
  put_be32(a, kRoot + 12, 0);  // value_store -> itself
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, AcceptsEmptySlicesAtTheEndOfTheirRange) {
  // Empty data: a 60-byte root whose empty slices all point at offset 0, which is the root
  // itself and the end of its range (rkyv checks start <= ptr <= end for zero-sized claims).
  Bytes a = encode_inner_data(InterpreterData{});
  ASSERT_EQ(a.size(), 60u);
  EXPECT_EQ(hex_encode(ByteView(a).subspan(0, 8)), "0000000000000000");
  EXPECT_EQ(decode_code(a), 0);
}

TEST(ArchiveValidation, RejectsSiblingTargetsOutOfOrder) {
  // Signatures: key bytes at 0x00, signature bytes at 0x21. Swapping them breaks the order.
  Bytes a = null_archive();
  put_be32(a, 0x64, 0x21 - 0x64);
  put_be32(a, 0x68, 65);
  put_be32(a, 0x6c, 0x00 - 0x6c);
  put_be32(a, 0x70, 33);
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsOverlappingSiblingTargets) {
  Bytes a = null_archive();
  put_be32(a, 0x6c, 0x10 - 0x6c);  // signature bytes start inside the key bytes
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsInvalidUtf8) {
  Bytes a = encode_inner_data(one_value("\"caf\xc3\xa9\""));
  Bytes e_acute{0xc3, 0xa9};
  auto at = std::search(a.begin(), a.end(), e_acute.begin(), e_acute.end());
  ASSERT_NE(at, a.end());
  EXPECT_EQ(decode_code(a), 0);
  *(at + 1) = 0x28;  // broken continuation byte
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsSurrogatesAndOverlongUtf8) {
  for (std::string bad : {std::string("\xed\xa0\x80"), std::string("\xc0\xaf"),
                          std::string("\xf4\x90\x80\x80")}) {
    std::string json = "\"" + std::string(bad.size(), 'x') + "\"";
    Bytes a = encode_inner_data(one_value(json));
    auto at = std::search(a.begin(), a.end(), json.begin(), json.end());
    ASSERT_NE(at, a.end());
    std::copy(bad.begin(), bad.end(), at + 1);
    EXPECT_EQ(decode_code(a), 2);
  }
}

// The sample data's trace array starts at a known distance before the root.
struct SampleArchive {
  Bytes bytes;
  std::size_t root;
  std::size_t trace;
};
SampleArchive sample() {
  SampleArchive s;
  s.bytes = encode_inner_data(testing::sample_data(testing::key_from_byte(9), "p"));
  s.root = s.bytes.size() - 60;
  s.trace = std::size_t(std::int64_t(s.root) + std::int32_t(be32(s.bytes, s.root)));
  return s;
}

TEST(ArchiveValidation, RejectsInvalidExecutedStateTag) {
  auto s = sample();
  EXPECT_EQ(decode_code(s.bytes), 0);
  s.bytes[s.trace] = 5;
  EXPECT_EQ(decode_code(s.bytes), 2);
}

TEST(ArchiveValidation, RejectsInvalidCallResultTag) {
  auto s = sample();
  s.bytes[s.trace + 24 + 4] = 3;  // state 1 is a call
  EXPECT_EQ(decode_code(s.bytes), 2);
}

TEST(ArchiveValidation, RejectsInvalidValueRefTag) {
  auto s = sample();
  s.bytes[s.trace + 24 + 8] = 3;
  EXPECT_EQ(decode_code(s.bytes), 2);
}

TEST(ArchiveValidation, RejectsInvalidSenderTag) {
  auto s = sample();
  s.bytes[s.trace + 5 * 24 + 8] = 2;  // state 5: RequestSentBy(PeerId)
  EXPECT_EQ(decode_code(s.bytes), 2);
}

TEST(ArchiveValidation, RejectsInvalidCanonResultTag) {
  auto s = sample();
  s.bytes[s.trace + 9 * 24 + 4] = 2;  // state 9: Canon(Executed)
  EXPECT_EQ(decode_code(s.bytes), 2);
}

TEST(ArchiveValidation, RejectsInvalidProvenanceTag) {
  InterpreterData d;
  CanonElementAggregate e{value_cid("1"), value_cid("2"), {ProvenanceKind::kLiteral, {}}};
  d.cid_info.canon_element_store.insert(canon_element_cid(e),
                                        std::make_shared<const CanonElementAggregate>(e));
  Bytes a = encode_inner_data(d);
  EXPECT_EQ(decode_code(a), 0);
  // The element object (28 bytes) sits right before the entry array (12) and the root (60).
  std::size_t element = a.size() - 60 - 12 - 28;
  ASSERT_EQ(a[element + 16], 0);
  a[element + 16] = 3;
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, RejectsInlineStringLongerThanSevenBytes) {
  InterpreterData d;
  SecurityTetraplet t{"", "svc", "", ""};
  d.cid_info.tetraplet_store.insert(tetraplet_cid(t), std::make_shared<const SecurityTetraplet>(t));
  Bytes a = encode_inner_data(d);
  std::size_t tetraplet = a.size() - 60 - 12 - 32;
  ASSERT_EQ(a[tetraplet + 15], 3);
  a[tetraplet + 15] = 8;
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, AcceptsSharedRcTargets) {
  // Our writer shares identical CID texts (as the reference shares Rc objects).
  auto s = sample();
  InterpreterData d = decode_inner_data(s.bytes);
  EXPECT_EQ(d, testing::sample_data(testing::key_from_byte(9), "p"));
}

TEST(ArchiveValidation, RejectsSharedTargetClaimedAsAnotherType) {
  // Point the tetraplet entry's Rc at the value store's RawValue object.
  InterpreterData d = one_value("1");
  SecurityTetraplet t{"", "", "", ""};
  d.cid_info.tetraplet_store.insert(tetraplet_cid(t), std::make_shared<const SecurityTetraplet>(t));
  Bytes a = encode_inner_data(d);
  std::size_t root = a.size() - 60;
  std::size_t values = std::size_t(std::int64_t(root + 12) + std::int32_t(be32(a, root + 12)));
  std::size_t raw_value = std::size_t(std::int64_t(values + 8) + std::int32_t(be32(a, values + 8)));
  std::size_t tetraplets = std::size_t(std::int64_t(root + 20) + std::int32_t(be32(a, root + 20)));
  EXPECT_EQ(decode_code(a), 0);
  put_be32(a, tetraplets + 8, std::uint32_t(std::int64_t(raw_value) - std::int64_t(tetraplets + 8)));
  EXPECT_EQ(decode_code(a), 2);
}

TEST(ArchiveValidation, EveryTruncationIsAnErrorNotACrash) {
  auto s = sample();
  for (std::size_t n = 0; n < s.bytes.size(); ++n) {
    int code = decode_code(ByteView(s.bytes).subspan(s.bytes.size() - n));
    EXPECT_TRUE(code == 2 || code == 0) << n;
    code = decode_code(ByteView(s.bytes).subspan(0, n));
    EXPECT_EQ(code, 2) << n;
  }
}

TEST(ArchiveValidation, RandomCorruptionIsAnErrorNotACrash) {
  auto s = sample();
  std::mt19937 rng(12345);
  for (int i = 0; i < 2000; ++i) {
    Bytes a = s.bytes;
    int flips = 1 + int(rng() % 4);
    for (int k = 0; k < flips; ++k) a[rng() % a.size()] ^= std::uint8_t(1u << (rng() % 8));
    int code = decode_code(a);
    EXPECT_TRUE(code == 0 || code == 2);
  }
}

}  // namespace
}  // namespace fluence::air
