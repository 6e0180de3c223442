#include "fluence/core/varint.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Varint, EncodesMultiformatsExamples) {
  // Examples from the multiformats unsigned-varint spec.
  EXPECT_EQ(encode_uvarint(1), (Bytes{0x01}));
  EXPECT_EQ(encode_uvarint(127), (Bytes{0x7f}));
  EXPECT_EQ(encode_uvarint(128), (Bytes{0x80, 0x01}));
  EXPECT_EQ(encode_uvarint(255), (Bytes{0xff, 0x01}));
  EXPECT_EQ(encode_uvarint(300), (Bytes{0xac, 0x02}));
  EXPECT_EQ(encode_uvarint(16384), (Bytes{0x80, 0x80, 0x01}));
  EXPECT_EQ(encode_uvarint(0x0200), (Bytes{0x80, 0x04}));  // multicodec json
}

TEST(Varint, RoundTripsBoundaries) {
  for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull, (1ull << 35) - 1,
                          1ull << 35, (1ull << 63) - 1}) {
    Bytes b = encode_uvarint(v);
    std::size_t pos = 0;
    EXPECT_EQ(read_uvarint(b, pos), v);
    EXPECT_EQ(pos, b.size());
  }
}

TEST(Varint, AdvancesPositionPastValue) {
  Bytes b{0xac, 0x02, 0x05};
  std::size_t pos = 0;
  EXPECT_EQ(read_uvarint(b, pos), 300u);
  EXPECT_EQ(read_uvarint(b, pos), 5u);
  EXPECT_EQ(pos, 3u);
}

TEST(Varint, RejectsNonMinimalEncoding) {
  Bytes b{0x81, 0x00};
  std::size_t pos = 0;
  EXPECT_THROW(read_uvarint(b, pos), Error);
  Bytes zero{0x80, 0x00};
  pos = 0;
  EXPECT_THROW(read_uvarint(zero, pos), Error);
}

TEST(Varint, RejectsMoreThanNineBytes) {
  Bytes b(10, 0x80);
  b.back() = 0x01;
  std::size_t pos = 0;
  EXPECT_THROW(read_uvarint(b, pos), Error);
}

TEST(Varint, AcceptsNineByteMaximum) {
  Bytes b(8, 0xff);
  b.push_back(0x7f);
  std::size_t pos = 0;
  EXPECT_EQ(read_uvarint(b, pos), (1ull << 63) - 1);
}

TEST(Varint, RejectsTruncatedInput) {
  Bytes b{0x80, 0x80};
  std::size_t pos = 0;
  EXPECT_THROW(read_uvarint(b, pos), Error);
  Bytes empty;
  EXPECT_THROW(read_uvarint(empty, pos = 0), Error);
}

TEST(Varint, TryReadWaitsForMoreBytesWithoutMovingPosition) {
  Bytes b{0x80, 0x80};
  std::size_t pos = 0;
  EXPECT_EQ(try_read_uvarint(b, pos), std::nullopt);
  EXPECT_EQ(pos, 0u);
  b.push_back(0x01);
  EXPECT_EQ(try_read_uvarint(b, pos), std::optional<std::uint64_t>(16384));
  EXPECT_EQ(pos, 3u);
}

TEST(Varint, TryReadStillRejectsMalformedEncoding) {
  Bytes b{0x80, 0x00};
  std::size_t pos = 0;
  EXPECT_THROW(try_read_uvarint(b, pos), Error);
}

TEST(Varint, RefusesToEncodeValuesAbove63Bits) {
  EXPECT_THROW(encode_uvarint(1ull << 63), Error);
}

}  // namespace
}  // namespace fluence
