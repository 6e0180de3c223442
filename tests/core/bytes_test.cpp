#include "fluence/core/bytes.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Hex, EncodesLowerCase) { EXPECT_EQ(hex_encode(Bytes{0x00, 0xab, 0xff, 0x10}), "00abff10"); }

TEST(Hex, DecodesBothCases) {
  EXPECT_EQ(hex_decode("00ABff10"), (Bytes{0x00, 0xab, 0xff, 0x10}));
  EXPECT_EQ(hex_decode(""), Bytes{});
}

TEST(Hex, RejectsOddLength) { EXPECT_THROW(hex_decode("abc"), Error); }

TEST(Hex, RejectsNonHexCharacterWithPosition) {
  try {
    hex_decode("00zz");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("position 2"), std::string::npos) << e.what();
  }
}

TEST(Hex, RoundTripsAllByteValues) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  EXPECT_EQ(hex_decode(hex_encode(all)), all);
}

}  // namespace
}  // namespace fluence
