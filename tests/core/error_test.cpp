#include "fluence/core/error.h"

#include <gtest/gtest.h>

namespace fluence {
namespace {

TEST(Error, ThrowInvalidCarriesKindAndMessage) {
  try {
    throw_invalid("bad thing at 3");
    FAIL() << "no throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    EXPECT_STREQ(e.what(), "bad thing at 3");
  }
}

TEST(Error, EveryKindHasAName) {
  for (auto k : {ErrorKind::kInvalidInput, ErrorKind::kNotFound, ErrorKind::kCrypto,
                 ErrorKind::kIo, ErrorKind::kProtocol, ErrorKind::kLimit, ErrorKind::kInternal}) {
    EXPECT_NE(to_string(k), "unknown");
  }
}

}  // namespace
}  // namespace fluence
