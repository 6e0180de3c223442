#include "fluence/core/multibase.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

// Examples from the multibase spec's test vectors ("yes mani !").
TEST(Multibase, EncodesSpecExamples) {
  auto data = as_bytes("yes mani !");
  EXPECT_EQ(multibase_encode(Multibase::kBase16, data), "f796573206d616e692021");
  EXPECT_EQ(multibase_encode(Multibase::kBase16Upper, data), "F796573206D616E692021");
  EXPECT_EQ(multibase_encode(Multibase::kBase32, data), "bpfsxgidnmfxgsibb");
  EXPECT_EQ(multibase_encode(Multibase::kBase32Upper, data), "BPFSXGIDNMFXGSIBB");
  EXPECT_EQ(multibase_encode(Multibase::kBase58Btc, data), "z7paNL19xttacUY");
  EXPECT_EQ(multibase_encode(Multibase::kBase64, data), "meWVzIG1hbmkgIQ");
  EXPECT_EQ(multibase_encode(Multibase::kBase64Pad, data), "MeWVzIG1hbmkgIQ==");
  EXPECT_EQ(multibase_encode(Multibase::kBase64Url, data), "ueWVzIG1hbmkgIQ");
  EXPECT_EQ(multibase_encode(Multibase::kBase64UrlPad, data), "UeWVzIG1hbmkgIQ==");
}

TEST(Multibase, DecodeReportsTheBaseAndRoundTrips) {
  Bytes data = to_bytes("yes mani !");
  for (auto base : {Multibase::kBase16, Multibase::kBase16Upper, Multibase::kBase32,
                    Multibase::kBase32Upper, Multibase::kBase58Btc, Multibase::kBase64,
                    Multibase::kBase64Pad, Multibase::kBase64Url, Multibase::kBase64UrlPad}) {
    auto decoded = multibase_decode(multibase_encode(base, data));
    EXPECT_EQ(decoded.base, base);
    EXPECT_EQ(decoded.data, data);
  }
}

TEST(Multibase, RejectsEmptyText) { EXPECT_THROW(multibase_decode(""), Error); }

TEST(Multibase, RejectsUnknownPrefix) {
  try {
    multibase_decode("Qmabc");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown prefix"), std::string::npos);
  }
}

TEST(Multibase, RejectsTextInTheWrongCaseForItsPrefix) {
  EXPECT_THROW(multibase_decode("bPFSXGIDNMFXGSIBB"), Error);
  EXPECT_THROW(multibase_decode("f796573206D"), Error);
}

TEST(Multibase, Base32PrefixesAreUnpadded) {
  EXPECT_THROW(multibase_decode("bmy======"), Error);
  EXPECT_EQ(multibase_decode("bmy").data, to_bytes("f"));
}

TEST(Multibase, PaddedAndUnpaddedBase64AreDistinctPrefixes) {
  EXPECT_THROW(multibase_decode("meWVzIG1hbmkgIQ=="), Error);
  EXPECT_THROW(multibase_decode("MeWVzIG1hbmkgIQ"), Error);
}

}  // namespace
}  // namespace fluence
