#include "fluence/core/hash.h"

#include <gtest/gtest.h>

namespace fluence {
namespace {

TEST(Sha256, MatchesFips180Vector) {
  EXPECT_EQ(hex_encode(sha256(as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Blake3Function, EqualsHasherOutput) {
  EXPECT_EQ(hex_encode(blake3(as_bytes("abc"))),
            "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
}

}  // namespace
}  // namespace fluence
