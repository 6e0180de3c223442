// The op and peer builtins, one rule per test, with nox's result and error texts (node.md §6).
#include "fluence/node/builtins.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "test_util.h"

namespace fluence::node {
namespace {

struct Builtins : ::testing::Test {
  net::asio::io_context io;
  ServiceDispatch dispatch;
  Particle particle;
  void SetUp() override {
    add_op_builtins(dispatch);
    add_peer_builtins(dispatch, PeerFacts{.external_addresses = [] { return std::vector<std::string>{"/ip4/1.2.3.4/tcp/7777"}; },
                                          .now_ms = [] { return std::uint64_t{1763700000123}; }});
  }
  air::CallServiceResult call(const std::string& service, const std::string& function, const std::string& args_json) {
    air::CallRequest request{service, function, boost::json::parse(args_json).as_array(), {}};
    return net::testing::run_task(io, dispatch.execute(CallContext{request, particle}));
  }
};

TEST_F(Builtins, NoopReturnsUnit) { EXPECT_EQ(call("op", "noop", "[1, \"x\"]").result, "\"\""); }

TEST_F(Builtins, IdentityReturnsItsArgumentOrUnit) {
  EXPECT_EQ(call("op", "identity", "[{\"a\":[1,2]}]").result, "{\"a\":[1,2]}");
  EXPECT_EQ(call("op", "identity", "[]").result, "\"\"");
  auto too_many = call("op", "identity", "[1, 2]");
  EXPECT_EQ(too_many.ret_code, 1);
  EXPECT_EQ(too_many.result, "\"identity accepts up to 1 arguments, received 2 arguments\"");
}

TEST_F(Builtins, ArrayWrapsItsArguments) { EXPECT_EQ(call("op", "array", "[1, \"b\", null]").result, "[1,\"b\",null]"); }

TEST_F(Builtins, ArrayLengthNeedsExactlyOneArray) {
  EXPECT_EQ(call("op", "array_length", "[[1,2,3]]").result, "3");
  EXPECT_EQ(call("op", "array_length", "[]").result, "\"op array_length accepts exactly 1 argument: 0 found\"");
  EXPECT_EQ(call("op", "array_length", "[5]").result, "\"op array_length's argument must be an array\"");
}

TEST_F(Builtins, ConcatFlattensArrays) {
  EXPECT_EQ(call("op", "concat", "[[1],[2,3],[]]").result, "[1,2,3]");
  EXPECT_EQ(call("op", "concat", "[[1], 2]").result, "\"all arguments of 'concat' must be arrays: argument #1 is not\"");
}

TEST_F(Builtins, ConcatStringsJoinsStrings) {
  EXPECT_EQ(call("op", "concat_strings", "[\"a\",\"b\",\"c\"]").result, "\"abc\"");
  EXPECT_EQ(call("op", "concat_strings", "[\"a\", 1]").result,
            "\"all arguments of 'concat_strings' must be strings: argument #1 is not\"");
}

TEST_F(Builtins, Base58OfStringsRoundTrips) {
  EXPECT_EQ(call("op", "string_to_b58", "[\"hello\"]").result, "\"Cn8eVZg\"");
  EXPECT_EQ(call("op", "string_from_b58", "[\"Cn8eVZg\"]").result, "\"hello\"");
  EXPECT_EQ(call("op", "string_to_b58", "[]").result, "\"Field 'string' is missing from args to call_service\"");
}

TEST_F(Builtins, PeerClocksUseTheNodesClock) {
  EXPECT_EQ(call("peer", "timestamp_ms", "[]").result, "1763700000123");
  EXPECT_EQ(call("peer", "timestamp_sec", "[]").result, "1763700000");
}

TEST_F(Builtins, IdentifyListsAddressesAndVersions) {
  auto info = boost::json::parse(call("peer", "identify", "[]").result).as_object();
  EXPECT_EQ(info.at("external_addresses"), (boost::json::array{"/ip4/1.2.3.4/tcp/7777"}));
  EXPECT_EQ(info.at("air_version"), "0.62.0");
  EXPECT_TRUE(info.contains("node_version"));
  EXPECT_TRUE(info.contains("allowed_binaries"));
}

TEST_F(Builtins, UnknownServicesGetNoxsNotFoundText) {
  auto r = call("nope", "f", "[]");
  EXPECT_EQ(r.ret_code, 1);
  EXPECT_EQ(r.result, "\"Service with id 'nope' not found (function f)\"");
  EXPECT_EQ(call("op", "nope", "[]").result, "\"Service with id 'op' not found (function nope)\"");
}

}  // namespace
}  // namespace fluence::node
