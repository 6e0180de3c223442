// serde_json_error gives serde_json's error text, byte for byte: the table holds texts that
// are not JSON and the reason avm.wasm 0.62 put in the Failed value of a call answered with
// them (recorded from the reference through tests/interop/air; see
// tests/air/conformance/call-result-not-json*.air for the same through the whole pipeline).
#include "serde_json_error.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fluence::air {
namespace {

constexpr const char* kRecorded = R"json([
    ["not json", "expected ident at line 1 column 2"],
    ["", "EOF while parsing a value at line 1 column 0"],
    ["{", "EOF while parsing an object at line 1 column 1"],
    ["[1,]", "trailing comma at line 1 column 4"],
    ["1e400", "number out of range at line 1 column 5"],
    ["{\"a\" 1}", "expected `:` at line 1 column 6"],
    ["[1] x", "trailing characters at line 1 column 5"],
    ["\"\\x\"", "invalid escape at line 1 column 3"],
    ["tru", "EOF while parsing a value at line 1 column 3"],
    ["\"abc", "EOF while parsing a string at line 1 column 4"],
    ["{\"a\":1,}", "trailing comma at line 1 column 8"],
    ["01", "invalid number at line 1 column 2"],
    ["-", "EOF while parsing a value at line 1 column 1"],
    ["1.", "EOF while parsing a value at line 1 column 2"],
    ["[1 2]", "expected `,` or `]` at line 1 column 4"],
    ["\"\u0001\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 2"],
    ["nul", "EOF while parsing a value at line 1 column 3"],
    ["{1:2}", "key must be a string at line 1 column 2"],
    ["[", "EOF while parsing a list at line 1 column 1"],
    ["  ", "EOF while parsing a value at line 1 column 2"],
    ["123abc", "trailing characters at line 1 column 4"],
    ["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]", "recursion limit exceeded at line 1 column 128"],
    ["{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":", "recursion limit exceeded at line 1 column 636"],
    ["[\n1,\n2,\n x]", "expected value at line 4 column 2"],
    ["\n\n  {\"a\":\n tru}", "expected ident at line 4 column 5"],
    ["\"\\ud800\"", "unexpected end of hex escape at line 1 column 8"],
    ["\"\\ud800\\u0041\"", "lone leading surrogate in hex escape at line 1 column 13"],
    ["\"\\udc00\"", "lone leading surrogate in hex escape at line 1 column 7"],
    ["\"\\ud800x\"", "unexpected end of hex escape at line 1 column 8"],
    ["\"\\u12\"", "EOF while parsing a string at line 1 column 6"],
    ["\"\\u12g4\"", "invalid escape at line 1 column 6"],
    ["\"\\ud800\\", "EOF while parsing a string at line 1 column 8"],
    ["\"\\ud800\\x\"", "unexpected end of hex escape at line 1 column 9"],
    ["1e", "EOF while parsing a value at line 1 column 2"],
    ["1e+", "EOF while parsing a value at line 1 column 3"],
    ["1ex", "invalid number at line 1 column 3"],
    ["-a", "invalid number at line 1 column 2"],
    ["1.x", "invalid number at line 1 column 3"],
    ["1.5e99999999999", "number out of range at line 1 column 14"],
    ["123456789012345678901234567890e300", "number out of range at line 1 column 34"],
    ["10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "number out of range at line 1 column 401"],
    ["0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001e999", "number out of range at line 1 column 407"],
    ["[1,2", "EOF while parsing a list at line 1 column 4"],
    ["[1,2,", "EOF while parsing a value at line 1 column 5"],
    ["{\"a\":1", "EOF while parsing an object at line 1 column 6"],
    ["{\"a\":1,", "EOF while parsing a value at line 1 column 7"],
    ["{\"a\"", "EOF while parsing an object at line 1 column 4"],
    ["{\"a\":", "EOF while parsing a value at line 1 column 5"],
    ["{,}", "key must be a string at line 1 column 2"],
    ["[,1]", "expected value at line 1 column 2"],
    ["[]]", "trailing characters at line 1 column 3"],
    ["{}}", "trailing characters at line 1 column 3"],
    ["truex", "trailing characters at line 1 column 5"],
    ["nulll", "trailing characters at line 1 column 5"],
    ["\"a\"\"b\"", "trailing characters at line 1 column 4"],
    ["+1", "expected value at line 1 column 1"],
    [".5", "expected value at line 1 column 1"],
    ["Infinity", "expected value at line 1 column 1"],
    ["NaN", "expected value at line 1 column 1"],
    ["\t\r\n", "EOF while parsing a value at line 2 column 0"],
    ["[\"\\u00zz\"]", "invalid escape at line 1 column 7"],
    ["{\"a\\", "EOF while parsing a string at line 1 column 4"],
    ["1.0e", "EOF while parsing a value at line 1 column 4"],
    ["-0.e1", "invalid number at line 1 column 4"],
    ["2.e3", "invalid number at line 1 column 3"],
    ["1e1000", "number out of range at line 1 column 6"],
    ["-1e1000", "number out of range at line 1 column 7"],
    ["99999999999999999999.5e290", "number out of range at line 1 column 26"],
    ["1E2.5", "trailing characters at line 1 column 4"],
    ["[1]\n\n  ]", "trailing characters at line 3 column 3"],
    ["\"\\uD83D\\uDE00\" x", "trailing characters at line 1 column 16"],
    ["{\"k\":[1,{\"z\":nul}]}", "expected ident at line 1 column 17"]
])json";

TEST(SerdeJsonError, MatchesTheReferenceTextAndPosition) {
  boost::json::value table = boost::json::parse(kRecorded);
  ASSERT_GT(table.as_array().size(), 60u);
  for (const auto& row : table.as_array()) {
    const std::string input(row.at(0).as_string());
    const std::string expected(row.at(1).as_string());
    EXPECT_EQ(serde_json_error(input).value_or("<accepted>"), expected) << input;
  }
}

TEST(SerdeJsonError, AcceptsWhatSerdeAccepts) {
  for (const char* ok : {"null", " [1, 2.5e3, -0, \"\\ud83d\\ude00\"] ", "{\"a\":{}}", "1e-99999999999",
                         "0e99999999999"})
    EXPECT_FALSE(serde_json_error(ok).has_value()) << ok;
}

}  // namespace
}  // namespace fluence::air
