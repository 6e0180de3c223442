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

// As the reference's multibase crate: base16 and base32 bodies decode in either letter case.
TEST(Multibase, Base16AndBase32DecodeInEitherLetterCase) {
  Bytes data = to_bytes("yes mani !");
  EXPECT_EQ(multibase_decode("bPFSXGIDNMFXGSIBB").data, data);
  EXPECT_EQ(multibase_decode("BpfsxgidnmfxgsIBB").data, data);
  EXPECT_EQ(multibase_decode("f796573206D616E692021").data, data);
  EXPECT_EQ(multibase_decode("F796573206d616e692021").data, data);
  EXPECT_EQ(multibase_decode("bPFSXGIDNMFXGSIBB").base, Multibase::kBase32);
}

TEST(Multibase, Base58AndBase64StayCaseSensitive) {
  Bytes data = to_bytes("yes mani !");
  for (auto base : {Multibase::kBase58Btc, Multibase::kBase64, Multibase::kBase64Url}) {
    std::string text = multibase_encode(base, data);
    std::string swapped = text.substr(0, 1);
    for (char c : text.substr(1)) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      swapped += c;
    }
    Bytes decoded;
    try {
      decoded = multibase_decode(swapped).data;
    } catch (const Error&) {
      continue;  // rejected: also not the same bytes
    }
    EXPECT_NE(decoded, data) << swapped;
  }
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
