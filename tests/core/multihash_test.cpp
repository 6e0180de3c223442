#include "fluence/core/multihash.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Multihash, Sha256OfEmptyInputHasTheKnownDigest) {
  auto mh = Multihash::compute(kMultihashSha2_256, {});
  EXPECT_EQ(hex_encode(mh.to_bytes()),
            "1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Multihash, Blake3UsesCode0x1eWith32ByteDigest) {
  auto mh = Multihash::compute(kMultihashBlake3, {});
  EXPECT_EQ(hex_encode(mh.to_bytes()),
            "1e20af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
}

TEST(Multihash, IdentityKeepsTheInput) {
  auto mh = Multihash::compute(kMultihashIdentity, as_bytes("abc"));
  EXPECT_EQ(mh.to_bytes(), (Bytes{0x00, 0x03, 'a', 'b', 'c'}));
}

TEST(Multihash, ComputeRejectsUnknownCodes) {
  EXPECT_THROW(Multihash::compute(0x13, as_bytes("x")), Error);
}

TEST(Multihash, RoundTripsThroughBytes) {
  for (auto code : {kMultihashIdentity, kMultihashSha2_256, kMultihashBlake3}) {
    auto mh = Multihash::compute(code, as_bytes("hello"));
    EXPECT_EQ(Multihash::from_bytes(mh.to_bytes()), mh);
  }
}

TEST(Multihash, ReadAdvancesPastOneMultihash) {
  Bytes b = Multihash::compute(kMultihashIdentity, as_bytes("ab")).to_bytes();
  b.push_back(0x42);
  std::size_t pos = 0;
  auto mh = Multihash::read(b, pos);
  EXPECT_EQ(mh.digest, to_bytes("ab"));
  EXPECT_EQ(pos, 4u);
}

TEST(Multihash, RejectsLengthBeyondTheData) {
  EXPECT_THROW(Multihash::from_bytes(Bytes{0x12, 0x20, 0x01}), Error);
}

TEST(Multihash, RejectsTrailingBytes) {
  EXPECT_THROW(Multihash::from_bytes(Bytes{0x00, 0x01, 0xaa, 0xbb}), Error);
}

TEST(Multihash, RejectsSha256DigestLongerThan32Bytes) {
  Bytes b{0x12, 33};
  b.resize(35, 0);
  EXPECT_THROW(Multihash::from_bytes(b), Error);
}

TEST(Multihash, RejectsTruncatedHeader) {
  EXPECT_THROW(Multihash::from_bytes(Bytes{}), Error);
  EXPECT_THROW(Multihash::from_bytes(Bytes{0x12}), Error);
}

}  // namespace
}  // namespace fluence
