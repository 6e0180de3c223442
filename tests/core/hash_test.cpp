#include "fluence/core/hash.h"

#include <gtest/gtest.h>

#include "fluence/core/blake3.h"

namespace fluence {
namespace {

TEST(Sha256, MatchesFips180Vector) {
  EXPECT_EQ(hex_encode(sha256(as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Blake3Function, MatchesKnownDigestOfAbc) {
  EXPECT_EQ(hex_encode(blake3(as_bytes("abc"))),
            "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
}

TEST(Blake3Function, SingleChunkFastPathEqualsHasherAtEveryLength) {
  Bytes input(2100);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<std::uint8_t>(i * 31 + 7);
  for (std::size_t n = 0; n <= input.size(); ++n) {
    Blake3Hasher h;
    h.update(ByteView(input).first(n));
    ASSERT_EQ(blake3(ByteView(input).first(n)), h.finalize()) << "length " << n;
  }
}

}  // namespace
}  // namespace fluence
