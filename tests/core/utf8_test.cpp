// is_valid_utf8: what Rust's str::from_utf8 accepts (the reference's strings), with the
// ASCII fast paths (32 and 8 bytes at a time) giving the same answers at every offset.
#include "fluence/core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace fluence {
namespace {

TEST(Utf8, AsciiAndWellFormedSequencesAreValid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii text"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));                           // U+10FFFF
}

TEST(Utf8, OverlongFormsAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));
}

TEST(Utf8, SurrogatesAndCodePointsBeyondU10FFFFAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xed\xbf\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf8\x88\x80\x80\x80"));
}

TEST(Utf8, TruncatedOrBrokenSequencesAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x28\xa1"));
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

// A bad or good non-ASCII sequence at every position of a long ASCII text.
TEST(Utf8, FastPathsAgreeAtEveryOffset) {
  for (std::size_t n : {7u, 8u, 31u, 32u, 33u, 70u}) {
    for (std::size_t at = 0; at <= n; ++at) {
      std::string text(n, 'a');
      std::string good = text, bad = text, cut = text;
      good.insert(at, "\xc3\xa9");
      bad.insert(at, "\xc3\x28");
      cut.insert(at, "\xff");
      EXPECT_TRUE(is_valid_utf8(good)) << n << " " << at;
      EXPECT_FALSE(is_valid_utf8(bad)) << n << " " << at;
      EXPECT_FALSE(is_valid_utf8(cut)) << n << " " << at;
    }
    EXPECT_FALSE(is_valid_utf8(std::string(n, 'a') + "\xe2\x82")) << n;
  }
}

}  // namespace
}  // namespace fluence
