// Call requests and call results cross the host interface as multicodec-prefixed MessagePack
// exactly as AquaVM 0.62 writes and reads them (air.md §2.4, §2.5).
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/air/call_request_codec.h"
#include "fluence/core/bytes.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"

namespace fluence::air {
namespace {

TEST(CallRequestCodec, EncodesTheSpecExampleByteForByte) {
  CallRequests r;
  r[1] = CallRequest{"svc", "fn", boost::json::array{"a", 1u}, {{}, {}}};
  Bytes b = encode_call_requests(r);
  // 81 04 | 81 01 84 aa"service_id" a3"svc" ad"function_name" a2"fn" a9"arguments" c4 04 92 a1 61 01
  std::string prefix = hex_encode(ByteView(b).subspan(0, 6));
  EXPECT_EQ(prefix, "8104810184aa");
  std::string hex = hex_encode(b);
  EXPECT_NE(hex.find("a9" + hex_encode(as_bytes("arguments")) + "c404" + "92a16101"), std::string::npos);
  EXPECT_NE(hex.find("aa" + hex_encode(as_bytes("service_id")) + "a3" + hex_encode(as_bytes("svc"))),
            std::string::npos);
}

TEST(CallRequestCodec, RoundTripsArgumentsAndTetraplets) {
  CallRequests r;
  SecurityTetraplet t{"peer", "s", "f", ".$.a"};
  r[7] = CallRequest{"svc", "fn", boost::json::array{nullptr, true, -5, 2.5, "x", boost::json::object{{"k", 1u}}},
                     {{t}, {}, {t, t}, {}, {}, {}}};
  CallRequests back = decode_call_requests(encode_call_requests(r));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[7].arguments, r[7].arguments);
  EXPECT_EQ(back[7].tetraplets, r[7].tetraplets);
}

TEST(CallRequestCodec, EmptyRequestsAreAnEmptyMap) {
  EXPECT_EQ(hex_encode(encode_call_requests({})), "810480");
}

// The executor encodes requests as it makes them; the bytes are those of the map of the same
// requests (here more than 15, so the map header is not a fixmap).
TEST(CallRequestCodec, EncoderGivesTheBytesOfTheMapOfTheSameRequests) {
  CallRequests map;
  CallRequestsEncoder encoder;
  auto tetraplet = std::make_shared<const SecurityTetraplet>(SecurityTetraplet{"peer", "s", "f", ".$.[3]"});
  for (std::uint32_t id = 1; id <= 20; ++id) {
    boost::json::array args{id, boost::json::object{{"z", "last"}, {"a", nullptr}}, "text"};
    std::vector<CallRequestsEncoder::Tetraplets> lists{{tetraplet}, {}, {tetraplet, tetraplet}};
    map[id] = CallRequest{"svc" + std::to_string(id), "fn", args, {{*tetraplet}, {}, {*tetraplet, *tetraplet}}};
    std::vector<CallRequestsEncoder::Argument> pointers;
    for (const auto& a : args) pointers.push_back({&a, {}});
    encoder.add(id, "svc" + std::to_string(id), "fn", pointers, lists);
  }
  EXPECT_EQ(encoder.size(), 20u);
  EXPECT_EQ(hex_encode(encoder.finish()), hex_encode(encode_call_requests(map)));
  EXPECT_EQ(hex_encode(CallRequestsEncoder().finish()), "810480");
}

// Arguments given as canonical text (values kept as text) encode as their trees do.
TEST(CallRequestCodec, TextArgumentsEncodeAsTheirTrees) {
  const std::vector<std::string> texts = {
      "0", "7", "18446744073709551615", "18446744073709551616", "-1", "-9223372036854775808",
      "-9223372036854775809", "1.5", "-0.0", "1e+300", "true", "false", "null", "\"\"",
      "\"plain\"", "\"esc\\\"aped\\n\"", "\"\\u00e9\"", "[1,\"a\",[]]", "{\"a\":{\"b\":null},\"c\":2}"};
  for (const std::string& text : texts) {
    const boost::json::value tree = parse_json(text);
    CallRequestsEncoder by_text, by_tree;
    const std::vector<CallRequestsEncoder::Tetraplets> lists(1);
    const CallRequestsEncoder::Argument as_text{nullptr, text};
    const CallRequestsEncoder::Argument as_tree{&tree, {}};
    by_text.add(1, "s", "f", std::span(&as_text, 1), lists);
    by_tree.add(1, "s", "f", std::span(&as_tree, 1), lists);
    EXPECT_EQ(hex_encode(by_text.finish()), hex_encode(by_tree.finish())) << text;
  }
}

TEST(CallRequestCodec, ObjectKeysAreSortedInArguments) {
  Bytes out;
  append_json_msgpack(out, boost::json::object{{"b", 1u}, {"a", 2u}});
  EXPECT_EQ(hex_encode(out), "82a16102a16201");
}

TEST(CallResultCodec, AcceptsMapAndArrayRecords) {
  // {"1": {"ret_code": 0, "result": "\"x\""}, "2": [5, "err"]}
  Bytes b = {0x81, 0x04, 0x82};
  auto str = [&](std::string_view s) {
    b.push_back(static_cast<std::uint8_t>(0xa0 | s.size()));
    b.insert(b.end(), s.begin(), s.end());
  };
  str("1");
  b.push_back(0x82);
  str("ret_code");
  b.push_back(0x00);
  str("result");
  str("\"x\"");
  str("2");
  b.push_back(0x92);
  b.push_back(0x05);
  str("err");
  CallResults r = decode_call_results(b);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].ret_code, 0);
  EXPECT_EQ(r[1].result, "\"x\"");
  EXPECT_EQ(r[2].ret_code, 5);
  EXPECT_EQ(r[2].result, "err");
}

TEST(CallResultCodec, RoundTrips) {
  CallResults r;
  r[3] = CallServiceResult{-1, "boom"};
  r[4] = CallServiceResult{0, "[1,2]"};
  CallResults back = decode_call_results(encode_call_results(r));
  EXPECT_EQ(back[3].ret_code, -1);
  EXPECT_EQ(back[4].result, "[1,2]");
}

TEST(CallResultCodec, RejectsEmptyBytesAndTheJsonCodec) {
  EXPECT_THROW(decode_call_results({}), Error);
  Bytes json_prefixed = {0x80, 0x04, 0x80};
  EXPECT_THROW(decode_call_results(json_prefixed), Error);
}

TEST(CallResultCodec, RejectsNonNumericKeys) {
  Bytes b = {0x81, 0x04, 0x81, 0xa1, 'x', 0x92, 0x00, 0xa0};
  EXPECT_THROW(decode_call_results(b), Error);
}

TEST(CallResultCodec, RejectsRetCodeOutsideI32) {
  Bytes b = {0x81, 0x04, 0x81, 0xa1, '1', 0x92, 0xcf, 0, 0, 0, 1, 0, 0, 0, 0, 0xa0};
  EXPECT_THROW(decode_call_results(b), Error);
}

const RawCallResult& by_key(const RawCallResults& results, std::string_view key) {
  for (const auto& e : results.entries())
    if (e.key == key) return e.result;
  throw std::runtime_error("no result keyed " + std::string(key));
}

RawCallResult result_text(std::string_view text) {
  RawCallResult r;
  r.result = text;
  return r;
}

// A result is taken by the call whose id renders as its key; each one once.
TEST(RawCallResults, TakenByTheIdItsKeyRendersAndOnlyOnce) {
  RawCallResults r;
  r.add("7", result_text("seven"));
  r.add("0", result_text("zero"));
  r.add("4294967295", result_text("max"));
  ASSERT_NE(r.take(7), nullptr);
  EXPECT_EQ(r.take(7), nullptr);
  EXPECT_EQ(r.take(8), nullptr);
  ASSERT_NE(r.take(0), nullptr);
  ASSERT_NE(r.take(4294967295u), nullptr);
  EXPECT_TRUE(r.all_taken());
}

// Keys that are no id's decimal rendering exist (and are reported unused) but are never taken.
TEST(RawCallResults, KeysThatRenderNoIdAreNeverTaken) {
  RawCallResults r;
  for (const char* key : {"01", "+1", "1 ", "", "abc", "4294967296", "-1", "1.0"}) r.add(key, result_text(key));
  EXPECT_EQ(r.size(), 8u);
  EXPECT_EQ(r.take(1), nullptr);
  EXPECT_EQ(r.take(0), nullptr);
  EXPECT_FALSE(r.all_taken());
  EXPECT_EQ(r.untaken().size(), 8u);
}

// A repeated key replaces the earlier result, as inserting into the reference's map does.
TEST(RawCallResults, RepeatedKeyReplacesTheEarlierResult) {
  RawCallResults r;
  r.add("3", result_text("first"));
  r.add("x", result_text("first x"));
  r.add("3", result_text("second"));
  r.add("x", result_text("second x"));
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(by_key(r, "x").result, "second x");
  const RawCallResult* taken = r.take(3);
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->result, "second");
}

// The unused ones are listed in byte order of their keys (as the unprocessed-results error
// message prints them), whatever order they came in.
TEST(RawCallResults, UntakenAreListedInKeyOrder) {
  RawCallResults r;
  for (const char* key : {"20", "3", "100", "b", "a"}) r.add(key, result_text(key));
  r.take(3);
  std::vector<std::string> keys;
  for (const auto* e : r.untaken()) keys.push_back(e->key);
  EXPECT_EQ(keys, (std::vector<std::string>{"100", "20", "a", "b"}));
}

TEST(RawCallResults, ResultTextsViewTheInputInsteadOfCopyingIt) {
  CallResults r;
  r[1] = CallServiceResult{0, std::string(1000, 'x')};
  r[2] = CallServiceResult{-7, "boom"};
  Bytes b = encode_call_results(r);
  RawCallResults raw = decode_raw_call_results(b);
  ASSERT_EQ(raw.size(), 2u);
  const auto* begin = reinterpret_cast<const char*>(b.data());
  for (const auto& [key, v, taken] : raw.entries()) {
    EXPECT_GE(v.result.data(), begin) << key;
    EXPECT_LE(v.result.data() + v.result.size(), begin + b.size()) << key;
    EXPECT_EQ(v.owned, nullptr) << key;
  }
  EXPECT_EQ(by_key(raw, "1").result, std::string(1000, 'x'));
  EXPECT_EQ(by_key(raw, "2").ret_code, -7);
}

TEST(RawCallResults, UnusualEncodingsStillDecodeThroughTheGeneralReader) {
  // {"1": {"result": "r", "ret_code": 3, }} with an int64 ret_code and a str8 result: the
  // in-place reader takes these too; a key order it does not expect (extra key) goes the
  // general way and keeps its text.
  Bytes b = {0x81, 0x04, 0x81, 0xa1, '1', 0x82, 0xa6, 'r', 'e', 's', 'u', 'l', 't', 0xd9, 0x01, 'r',
             0xa8, 'r', 'e', 't', '_', 'c', 'o', 'd', 'e', 0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd};
  RawCallResults raw = decode_raw_call_results(b);
  EXPECT_EQ(by_key(raw, "1").ret_code, -3);
  EXPECT_EQ(by_key(raw, "1").result, "r");
  // Three fields: not the common shape; decoded by the general reader into an owned copy.
  Bytes c = {0x81, 0x04, 0x81, 0xa1, '1', 0x83, 0xa8, 'r', 'e', 't', '_', 'c', 'o', 'd', 'e', 0x01,
             0xa6, 'r', 'e', 's', 'u', 'l', 't', 0xa1, 'v', 0xa1, 'z', 0xc0};
  RawCallResults general = decode_raw_call_results(c);
  EXPECT_EQ(by_key(general, "1").ret_code, 1);
  EXPECT_EQ(by_key(general, "1").result, "v");
  EXPECT_NE(by_key(general, "1").owned, nullptr);
}

TEST(RawCallResults, InvalidUtf8IsRejectedAsBefore) {
  Bytes b = {0x81, 0x04, 0x81, 0xa1, '1', 0x92, 0x00, 0xa1, 0xff};
  EXPECT_THROW(decode_raw_call_results(b), Error);
}

}  // namespace
}  // namespace fluence::air
