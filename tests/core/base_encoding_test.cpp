#include "fluence/core/base_encoding.h"

#include <gtest/gtest.h>

#include <random>

#include "fluence/core/error.h"

namespace fluence {
namespace {

Bytes random_bytes(std::mt19937& rng, std::size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

struct Rfc4648Vector {
  const char* plain;
  const char* base32;
  const char* base64;
};
// RFC 4648 section 10.
const Rfc4648Vector kRfc4648[] = {
    {"", "", ""},
    {"f", "MY======", "Zg=="},
    {"fo", "MZXQ====", "Zm8="},
    {"foo", "MZXW6===", "Zm9v"},
    {"foob", "MZXW6YQ=", "Zm9vYg=="},
    {"fooba", "MZXW6YTB", "Zm9vYmE="},
    {"foobar", "MZXW6YTBOI======", "Zm9vYmFy"},
};

TEST(Base32, MatchesRfc4648VectorsInBothCasesAndPaddings) {
  for (const auto& v : kRfc4648) {
    std::string upper_padded = v.base32;
    std::string lower;
    for (char c : upper_padded) {
      if (c != '=') lower.push_back(static_cast<char>(std::tolower(c)));
    }
    EXPECT_EQ(base32_encode(as_bytes(v.plain), true, true), upper_padded);
    EXPECT_EQ(base32_encode(as_bytes(v.plain)), lower);
    EXPECT_EQ(base32_decode(lower), to_bytes(v.plain));
    EXPECT_EQ(base32_decode(upper_padded, true), to_bytes(v.plain));
  }
}

TEST(Base32, RejectsCharactersOfTheOtherCase) {
  EXPECT_THROW(base32_decode("MZXW6"), Error);
  EXPECT_THROW(base32_decode("mzxw6", true), Error);
}

TEST(Base32, RejectsImpossibleLengths) {
  EXPECT_THROW(base32_decode("m"), Error);
  EXPECT_THROW(base32_decode("mzx"), Error);
  EXPECT_THROW(base32_decode("mzxw6y"), Error);
}

TEST(Base32, RejectsNonZeroTrailingBits) {
  EXPECT_EQ(base32_decode("my"), to_bytes("f"));
  EXPECT_THROW(base32_decode("mz"), Error);
}

TEST(Base32, RejectsMisplacedPadding) {
  EXPECT_THROW(base32_decode("my=="), Error);
  EXPECT_THROW(base32_decode("m=y"), Error);
  EXPECT_THROW(base32_decode("========"), Error);
  EXPECT_THROW(base32_decode("MZYTBOI=========", true), Error);
}

TEST(Base64, MatchesRfc4648Vectors) {
  for (const auto& v : kRfc4648) {
    EXPECT_EQ(base64_encode(as_bytes(v.plain)), v.base64);
    EXPECT_EQ(base64_decode(v.base64), to_bytes(v.plain));
  }
}

TEST(Base64, UrlAlphabetUsesDashAndUnderscore) {
  Bytes b{0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64_encode(b), "+/+/");
  EXPECT_EQ(base64_encode(b, true), "-_-_");
  EXPECT_EQ(base64_decode("-_-_", true), b);
  EXPECT_THROW(base64_decode("+/+/", true), Error);
  EXPECT_THROW(base64_decode("-_-_"), Error);
}

TEST(Base64, DecodingAcceptsMissingPadding) {
  EXPECT_EQ(base64_decode("Zg"), to_bytes("f"));
  EXPECT_EQ(base64_decode("Zm8"), to_bytes("fo"));
  EXPECT_EQ(base64_encode(as_bytes("f"), false, false), "Zg");
}

TEST(Base64, RejectsNonZeroTrailingBits) { EXPECT_THROW(base64_decode("Zh=="), Error); }

TEST(Base64, RejectsBadLengthsAndPadding) {
  EXPECT_THROW(base64_decode("Z"), Error);
  EXPECT_THROW(base64_decode("Zg="), Error);
  EXPECT_THROW(base64_decode("Zg==="), Error);
  EXPECT_THROW(base64_decode("Z==="), Error);
  EXPECT_THROW(base64_decode("===="), Error);
  EXPECT_THROW(base64_decode("Zg==Zg=="), Error);
}

TEST(Base64, ErrorNamesTheOffendingPosition) {
  try {
    base64_decode("Zm9v!mFy");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("position 4"), std::string::npos) << e.what();
  }
}

TEST(Base58btc, MatchesBitcoinVectors) {
  EXPECT_EQ(base58btc_encode(Bytes{}), "");
  EXPECT_EQ(base58btc_encode(as_bytes("a")), "2g");
  EXPECT_EQ(base58btc_encode(as_bytes("bbb")), "a3gV");
  EXPECT_EQ(base58btc_encode(as_bytes("Hello World!")), "2NEpo7TZRRrLZSi2U");
  EXPECT_EQ(base58btc_encode(hex_decode("00eb15231dfceb60925886b67d065299925915aeb172c06647")),
            "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L");
  EXPECT_EQ(base58btc_decode("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"),
            hex_decode("00eb15231dfceb60925886b67d065299925915aeb172c06647"));
}

TEST(Base58btc, EachLeadingZeroByteIsALeadingOne) {
  EXPECT_EQ(base58btc_encode(Bytes{0, 0, 0}), "111");
  EXPECT_EQ(base58btc_encode(Bytes{0, 0, 1}), "112");
  EXPECT_EQ(base58btc_decode("111"), (Bytes{0, 0, 0}));
  EXPECT_EQ(base58btc_decode("112"), (Bytes{0, 0, 1}));
}

TEST(Base58btc, RejectsCharactersOutsideTheAlphabet) {
  for (const char* bad : {"0", "O", "I", "l", "abc+", "ab c"}) {
    EXPECT_THROW(base58btc_decode(bad), Error) << bad;
  }
}

// Textbook base58: repeated division of the whole number by 58, one byte at a time.
std::string naive_base58(const Bytes& data) {
  static constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  Bytes number(data);
  std::string reversed;
  auto is_zero = [&] {
    for (auto b : number) {
      if (b != 0) return false;
    }
    return true;
  };
  while (!is_zero()) {
    unsigned remainder = 0;
    for (auto& b : number) {
      unsigned cur = remainder * 256 + b;
      b = static_cast<std::uint8_t>(cur / 58);
      remainder = cur % 58;
    }
    reversed.push_back(kAlphabet[remainder]);
  }
  for (std::size_t i = 0; i < data.size() && data[i] == 0; ++i) reversed.push_back('1');
  return std::string(reversed.rbegin(), reversed.rend());
}

TEST(Base58btc, AgreesWithTextbookDivisionOnLongInputs) {
  std::mt19937 rng(11);
  for (std::size_t n : {1u, 3u, 4u, 5u, 31u, 32u, 33u, 38u, 64u, 65u, 199u, 500u}) {
    Bytes b = random_bytes(rng, n);
    if (n > 4) b[0] = b[1] = 0;
    std::string expected = naive_base58(b);
    EXPECT_EQ(base58btc_encode(b), expected) << n;
    EXPECT_EQ(base58btc_decode(expected), b) << n;
  }
}

TEST(BaseEncodings, RoundTripRandomData) {
  std::mt19937 rng(7);
  for (std::size_t n = 0; n < 80; ++n) {
    Bytes b = random_bytes(rng, n);
    if (n % 3 == 0 && n > 0) b[0] = 0;
    EXPECT_EQ(base58btc_decode(base58btc_encode(b)), b);
    EXPECT_EQ(base32_decode(base32_encode(b)), b);
    EXPECT_EQ(base32_decode(base32_encode(b, true, true), true), b);
    EXPECT_EQ(base64_decode(base64_encode(b)), b);
    EXPECT_EQ(base64_decode(base64_encode(b, true, false), true), b);
  }
}

}  // namespace
}  // namespace fluence
