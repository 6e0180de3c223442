// json_text: one-pass canonicalization must equal canonical_json(parse_json(text)) byte for
// byte, and reading canonical text must find what the tree would.
#include "json_text.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "fluence/core/canonical_json.h"

namespace fluence::air {
namespace {

std::string via_tree(std::string_view text) { return canonical_json(parse_json(text)); }

TEST(JsonText, CanonicalizeEqualsTreeCanonicalization) {
  const std::vector<std::string> inputs = {
      "null", "true", "false", "0", "-0", "-1", "18446744073709551615", "18446744073709551616",
      "-9223372036854775808", "-9223372036854775809", "1.5", "-0.0", "0.1", "1e3", "1E-2",
      "1.5e+3", "123456789012345.6", "1234567890123456789.5", "0.30000000000000004",
      "2.2250738585072014e-308", "1e22", "1e23", "3.14159e-5", "\"\"", "\"a\\\"b\\\\c\\n\\u00e9\\u0001\"",
      "\"\\ud83d\\ude00\"", "[]", "{}", " [ 1 , 2 ,\n 3 ] ", "{\"b\":1,\"a\":2}",
      "{\"b\":{\"z\":[{\"y\":1,\"x\":2}],\"a\":null},\"a\":[]}",
      "{\"k\":1,\"k\":2}", "{\"b\":1,\"a\":2,\"b\":3,\"a\":4,\"c\":5}",
      "{\"\\\"\":1,\"A\":2}", "{\"é\":1,\"z\":2,\"Z\":3}", "[{\"b\":[],\"a\":{}},[[]]]",
  };
  for (const auto& in : inputs) EXPECT_EQ(json_text::canonicalize(in), via_tree(in)) << in;
}

TEST(JsonText, LargeUnsortedObjectsAreReorderedLikeTheTree) {
  std::string big = "[";
  for (int i = 0; i < 60000; ++i) big += (i ? "," : "") + std::string("{\"v\":1.5,\"id\":") + std::to_string(i) + "}";
  big += "]";
  for (const std::string& in : {"{\"key\":\"k\",\"data\":" + big + "}",
                                "{\"z\":1,\"data\":" + big + ",\"a\":" + big + ",\"z\":2}"})
    EXPECT_EQ(json_text::canonicalize(in), via_tree(in));
}

TEST(JsonText, RejectsWhatParseJsonRejectsWithItsMessage) {
  for (std::string in : {"", "{", "[1,]", "1e400", "{\"a\" 1}", "[1] x", "\"\\x\""}) {
    std::string expected, actual;
    try {
      via_tree(in);
    } catch (const std::exception& e) {
      expected = e.what();
    }
    try {
      json_text::canonicalize(in);
    } catch (const std::exception& e) {
      actual = e.what();
    }
    EXPECT_FALSE(expected.empty()) << in;
    EXPECT_EQ(actual, expected) << in;
  }
}

// Floats in and out of the range read without parse_json, with and without fractions and
// exponents: the values (hence the texts) must be serde's.
TEST(JsonText, RandomNumbersMatchTheTree) {
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  std::string in = "[";
  for (int i = 0; i < 20000; ++i) {
    if (i) in += ',';
    if (next() % 4 == 0) in += '-';
    const int digits = 1 + static_cast<int>(next() % 19);
    std::string d;
    for (int k = 0; k < digits; ++k) d += static_cast<char>('0' + next() % 10);
    while (d.size() > 1 && d[0] == '0') d.erase(0, 1);
    const auto dot = next() % (d.size() + 1);
    if (dot > 0 && dot < d.size()) d.insert(dot, ".");
    in += d;
    if (next() % 3 == 0) in += "e" + std::to_string(static_cast<int>(next() % 60) - 30);
  }
  in += "]";
  EXPECT_EQ(json_text::canonicalize(in), via_tree(in));
}

// Plain decimals of up to 15 significant digits are copied as written; the edges of that
// rule (16 digits, trailing zeros, zero integer parts) must still be serde's rendering.
TEST(JsonText, ShortDecimalsAreTheirOwnRendering) {
  for (std::string in : {"1.5", "-1.5", "99999999999999.9", "999999999999999.9", "1.000000000000001",
                         "123456789012345.0", "1.50", "0.5", "-0.5", "0.0001", "10.25", "7.000001",
                         "100000000000000.1", "9007199254740993.5"})
    EXPECT_EQ(json_text::canonicalize("[" + in + "]"), via_tree("[" + in + "]")) << in;
}

// is_canonical() may only say true for text canonicalize() returns unchanged; it must say so
// for the canonical renderings of ordinary values (what peers store and services return).
TEST(JsonText, IsCanonicalOnlyForTextCanonicalizeKeeps) {
  const std::vector<std::string> inputs = {
      "null", "true", "false", "0", "-0", "-1", "007", "1.5", "-1.5", "1.50", "0.5", "1e3",
      "123456789012345", "1234567890123456", "123456789012345.6", "12345678901234.5", "\"\"",
      "\"a\\\"b\\\\c\\n\\u0001\"", "\"\\u0041\"", "\"\\u001F\"", "\"\\/\"",
      "\"\x7f\"", "\"caf\xc3\xa9\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "\"\xf0\x9f\x98\x80\"",
      "[]", "{}", "[1,2]", "[1, 2]", " 1", "1 ", "{\"a\":1,\"b\":2}", "{\"b\":1,\"a\":2}",
      "{\"a\":1,\"a\":2}", "{\"\\n\":1}", "{\"A\":1,\"a\":[{\"x\":{}}]}", "[1,]", "{\"a\"}",
      "{\"a\":}", "[tru]", "[nul]", "\"abc", "[[[[]]]]", "{\"Z\":1,\"\xc3\xa9\":2}",
      "{\"\xc3\xa9\":1,\"Z\":2}", "\"tab\there\"", "0.5", "-0.25", "0.0", "0.00001", "0.000001", "0.0000123", "-0.000012345678901234",
      "0.123456789012345", "0.1234567890123456",
  };
  for (const auto& in : inputs) {
    if (!json_text::is_canonical(in)) continue;
    std::string canonical;
    ASSERT_NO_THROW(canonical = json_text::canonicalize(in)) << in;
    EXPECT_EQ(canonical, in) << in;
  }
  for (std::string in : {"{\"b\":{\"z\":[{\"y\":1,\"x\":2.25}],\"a\":null},\"a\":[\"\\t\"]}",
                                "[-12,0,\"x\\u0001y\",true,false,null,{}]", "\"caf\xc3\xa9\""}) {
    const std::string canonical = json_text::canonicalize(in);
    EXPECT_TRUE(json_text::is_canonical(canonical)) << canonical;
  }
  EXPECT_FALSE(json_text::is_canonical("{\"b\":1,\"a\":2}"));
  EXPECT_FALSE(json_text::is_canonical("{\"a\":1,\"a\":2}"));
  EXPECT_FALSE(json_text::is_canonical("[1, 2]"));
  EXPECT_FALSE(json_text::is_canonical("-0"));
  EXPECT_FALSE(json_text::is_canonical("\"\\u0041\""));
  EXPECT_FALSE(json_text::is_canonical("\"\xc3\""));
  EXPECT_TRUE(json_text::is_canonical("[0.5,-0.25,0.00001,12.5]"));
  EXPECT_FALSE(json_text::is_canonical("0.000001"));
}

// Random numbers (integers, decimals with and without a zero integer part, exponents): each
// one claimed canonical is given back unchanged, and the common short decimals are claimed.
TEST(JsonText, IsCanonicalNumbersAreKeptByCanonicalize) {
  std::uint64_t state = 4242;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  int claimed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string d = next() % 4 == 0 ? "-" : "";
    if (next() % 3 == 0) d += "0." + std::string(next() % 7, '0');
    const int digits = 1 + static_cast<int>(next() % 18);
    for (int k = 0; k < digits; ++k) d += static_cast<char>('0' + next() % 10);
    if (d.find('.') == std::string::npos && next() % 2 == 0 && d.size() > 2) d.insert(d.size() / 2, ".");
    if (next() % 5 == 0) d += "e" + std::to_string(static_cast<int>(next() % 40) - 20);
    if (!json_text::is_canonical(d)) continue;
    ++claimed;
    std::string canonical;
    ASSERT_NO_THROW(canonical = json_text::canonicalize(d)) << d;
    EXPECT_EQ(canonical, d);
  }
  EXPECT_GT(claimed, 5000);
}

// Reading big containers (the 64-byte block scan of skip_value) finds the same elements and
// members as the tree, with quotes, backslashes and brackets inside strings at every offset.
TEST(JsonText, BigContainersAreSplitLikeTheTree) {
  std::uint64_t state = 99;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  // Most rounds without backslashes (blocks holding one are read byte by byte).
  std::string alphabet;
  std::function<boost::json::value(int)> random_value = [&](int depth) -> boost::json::value {
    const auto kind = depth >= 4 ? next() % 3 : next() % 5;
    if (kind == 0) return static_cast<std::int64_t>(next() % 1000);
    if (kind == 1 || kind == 2) {
      std::string str;
      for (std::uint32_t k = next() % 40; k > 0; --k) str += alphabet[next() % alphabet.size()];
      return boost::json::string(str);
    }
    if (kind == 3) {
      boost::json::array a;
      for (std::uint32_t k = next() % 8; k > 0; --k) a.push_back(random_value(depth + 1));
      return a;
    }
    boost::json::object o;
    for (std::uint32_t k = next() % 6; k > 0; --k) o[std::string(1, alphabet[next() % alphabet.size()])] = random_value(depth + 1);
    return o;
  };
  for (int round = 0; round < 40; ++round) {
    alphabet = round % 4 == 0 ? "ab[]{}\",:\\\n x" : "ab[]{}\",: xyz";
    boost::json::array doc;
    for (int k = 0; k < 30; ++k) doc.push_back(random_value(1));
    boost::json::object wrapper{{"a", doc}, {"b", doc}, {"c", 1}};
    const std::string text = canonical_json(boost::json::value(doc));
    const std::vector<std::string_view> parts = json_text::elements(text);
    ASSERT_EQ(parts.size(), doc.size());
    for (std::size_t k = 0; k < doc.size(); ++k) EXPECT_EQ(parts[k], canonical_json(doc[k]));
    const std::string object_text = canonical_json(boost::json::value(wrapper));
    ASSERT_EQ(json_text::field(object_text, "c").value_or(""), "1");
    EXPECT_EQ(json_text::field(object_text, "b").value_or(""), text);
  }
}

// Deep nesting is left to canonicalize(), which has the depth limit and its error.
TEST(JsonText, IsCanonicalLeavesDeepNestingToCanonicalize) {
  EXPECT_TRUE(json_text::is_canonical(std::string(50, '[') + std::string(50, ']')));
  EXPECT_FALSE(json_text::is_canonical(std::string(200, '[') + std::string(200, ']')));
}

// Random canonical documents are recognised, and any one-byte change of them is either still
// canonical (then canonicalize keeps it) or not claimed.
TEST(JsonText, IsCanonicalAgreesWithCanonicalizeOnMutations) {
  std::uint64_t state = 777;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  std::string doc = "[";
  for (int i = 0; i < 40; ++i) {
    if (i) doc += ',';
    doc += "{\"id\":" + std::to_string(next() % 100000) + ",\"name\":\"item-\\n" +
           std::to_string(i) + "\",\"tags\":[\"a\",\"b\"],\"v\":" + std::to_string(next() % 1000) + ".5}";
  }
  doc += "]";
  ASSERT_TRUE(json_text::is_canonical(doc));
  const std::string alphabet = "{}[]\",:\\ -.0123456789eEabtnul\x01\xc3\xa9";
  for (int round = 0; round < 3000; ++round) {
    std::string m = doc;
    m[next() % m.size()] = alphabet[next() % alphabet.size()];
    if (!json_text::is_canonical(m)) continue;
    std::string canonical;
    ASSERT_NO_THROW(canonical = json_text::canonicalize(m)) << m;
    EXPECT_EQ(canonical, m);
  }
}

// members() lists what field() finds, past escaped quotes and backslashes inside containers.
TEST(JsonText, MembersAreTheFieldsInTextOrder) {
  const std::string v = json_text::canonicalize(R"({"b":["a\\",{"q":"\\\"]}"}],"a":"x","c":{"d":[]}})");
  const auto m = json_text::members(v);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].first, "\"a\"");
  EXPECT_EQ(m[1].first, "\"b\"");
  EXPECT_EQ(m[1].second, json_text::field(v, "b").value());
  EXPECT_EQ(m[2].second, R"({"d":[]})");
  EXPECT_TRUE(json_text::members("{}").empty());
  EXPECT_TRUE(json_text::members("[1]").empty());
}

TEST(JsonText, HugeExponentsAreReadLikeSerde) {
  EXPECT_EQ(json_text::canonicalize("[1e-99999999999]"), via_tree("[1e-99999999999]"));
}

TEST(JsonText, FieldsAreFoundPastStringsWithQuotesAndBrackets) {
  const std::string v = json_text::canonicalize(R"({"b":"x\"]}","a":[1,{"q":"]"}],"c":{"d":[]}})");
  EXPECT_EQ(json_text::field(v, "a").value(), R"([1,{"q":"]"}])");
  EXPECT_EQ(json_text::field(v, "b").value(), R"("x\"]}")");
  EXPECT_EQ(json_text::field(v, "c").value(), R"({"d":[]})");
  EXPECT_FALSE(json_text::field(v, "d").has_value());
  EXPECT_FALSE(json_text::field("[1]", "a").has_value());
  EXPECT_FALSE(json_text::field("{}", "a").has_value());
}

TEST(JsonText, FieldNamesAreMatchedUnescaped) {
  const std::string v = json_text::canonicalize(R"({"a\"b":1,"é":2})");
  EXPECT_EQ(json_text::field(v, "a\"b").value(), "1");
  EXPECT_EQ(json_text::field(v, "é").value(), "2");
}

TEST(JsonText, ElementsAndLength) {
  const std::string v = R"(["a\\",[1,2],{"k":"]"},null,-1.5])";
  EXPECT_EQ(json_text::array_size(v), 5u);
  EXPECT_EQ(json_text::array_size("[]"), 0u);
  EXPECT_EQ(json_text::element(v, 0).value(), R"("a\\")");
  EXPECT_EQ(json_text::element(v, 2).value(), R"({"k":"]"})");
  EXPECT_EQ(json_text::element(v, 4).value(), "-1.5");
  EXPECT_FALSE(json_text::element(v, 5).has_value());
  EXPECT_FALSE(json_text::element("[]", 0).has_value());
  EXPECT_EQ(json_text::elements(v).size(), 5u);
  EXPECT_EQ(json_text::elements(v)[1], "[1,2]");
}

TEST(JsonText, KindsAndIntegers) {
  EXPECT_EQ(json_text::kind_of("null"), json_text::Kind::kNull);
  EXPECT_EQ(json_text::kind_of("false"), json_text::Kind::kBool);
  EXPECT_EQ(json_text::kind_of("-1"), json_text::Kind::kNumber);
  EXPECT_EQ(json_text::kind_of("\"1\""), json_text::Kind::kString);
  EXPECT_TRUE(json_text::is_integer("-12"));
  EXPECT_FALSE(json_text::is_integer("1.0"));
  EXPECT_FALSE(json_text::is_integer("1e16"));
  EXPECT_FALSE(json_text::is_integer("\"1\""));
}

}  // namespace
}  // namespace fluence::air
