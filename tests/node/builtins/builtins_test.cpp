// The op and peer builtins, one rule per test, with nox's result and error texts (node.md §6).
#include "fluence/node/builtins.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fluence/core/peer_id.h"
#include "test_util.h"

namespace fluence::node {
namespace {

struct Builtins : ::testing::Test {
  net::asio::io_context io;
  ServiceDispatch dispatch;
  Particle particle;
  Ed25519KeyPair key = Ed25519KeyPair::generate();
  net::HostPtr host = net::Host::create(io.get_executor(), {});
  void SetUp() override {
    add_op_builtins(dispatch);
    add_network_builtins(dispatch, host, {});
    add_utility_builtins(dispatch, key);
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

TEST_F(Builtins, StringifyPrintsJsonText) {
  EXPECT_EQ(call("debug", "stringify", "[\"hello\"]").result, "\"\\\"hello\\\"\"");
  EXPECT_EQ(call("debug", "stringify", "[1, {\"a\": \"b\"}]").result, "\"[1,{\\\"a\\\":\\\"b\\\"}]\"");
  EXPECT_EQ(call("debug", "stringify", "[]").result, "\"<empty argument list>\"");
}

TEST_F(Builtins, MathIsOverflowChecked) {
  EXPECT_EQ(call("math", "add", "[2, 3]").result, "5");
  EXPECT_EQ(call("math", "sub", "[2, 3]").result, "-1");
  EXPECT_EQ(call("math", "mul", "[-4, 3]").result, "-12");
  EXPECT_EQ(call("math", "div", "[7, 2]").result, "3");
  EXPECT_EQ(call("math", "rem", "[7, 2]").result, "1");
  EXPECT_EQ(call("math", "add", "[9223372036854775807, 1]").result, "\"i64 add overflow\"");
  EXPECT_EQ(call("math", "div", "[1, 0]").result, "\"i64 div overflow\"");
  EXPECT_EQ(call("math", "pow", "[2, 10]").result, "1024");
  EXPECT_EQ(call("math", "pow", "[-1, 4294967295]").result, "-1");
  EXPECT_EQ(call("math", "pow", "[3, 64]").result, "\"i64 pow overflow\"");
  EXPECT_EQ(call("math", "fmul", "[2.5, 3]").result, "7");
}

TEST_F(Builtins, SigUsesTheNodesKey) {
  EXPECT_EQ(call("sig", "get_peer_id", "[]").result, "\"" + PeerId::from_ed25519(key.public_key()).to_base58() + "\"");
  Bytes data{1, 2, 3};
  auto signature = key.sign(data);
  std::string sig_json = "[";
  for (std::size_t i = 0; i < signature.size(); ++i) sig_json += (i ? "," : "") + std::to_string(signature[i]);
  sig_json += "]";
  EXPECT_EQ(call("sig", "verify", "[" + sig_json + ", [1,2,3]]").result, "true");
  EXPECT_EQ(call("sig", "verify", "[" + sig_json + ", [1,2,4]]").result, "false");
  EXPECT_EQ(call("sig", "verify", "[[1,2], [1,2,3]]").result, "false");
}

TEST_F(Builtins, TimeoutAnswersAfterItsDurationWithTheMessage) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(call("peer", "timeout", "[50, \"late\"]").result, "\"late\"");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_EQ(call("peer", "timeout", "[\"1\"]").result, "\"\"");
  EXPECT_EQ(call("peer", "timeout", "[\"soon\"]").ret_code, 1);
}

TEST_F(Builtins, UnknownPeersAreNotConnectedAndHaveNoContact) {
  auto stranger = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()).to_base58();
  EXPECT_EQ(call("peer", "is_connected", "[\"" + stranger + "\"]").result, "false");
  EXPECT_EQ(call("peer", "get_contact", "[\"" + stranger + "\"]").result, "\"\"");  // nox's quirk
  EXPECT_EQ(call("peer", "is_connected", "[\"nope\"]").ret_code, 1);
}

TEST_F(Builtins, KadMergeSortsByDistanceToTheTargetWithoutDuplicates) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()).to_base58());
  std::string left = "[\"" + ids[0] + "\",\"" + ids[1] + "\",\"" + ids[2] + "\"]";
  std::string right = "[\"" + ids[2] + "\",\"" + ids[3] + "\",\"" + ids[4] + "\"]";
  auto merged = boost::json::parse(call("kad", "merge", "[\"" + ids[0] + "\"," + left + "," + right + "]").result).as_array();
  ASSERT_EQ(merged.size(), 5u);
  EXPECT_EQ(merged[0], boost::json::value(ids[0]));  // the target itself is nearest
  auto two = boost::json::parse(call("kad", "merge", "[\"" + ids[0] + "\"," + left + "," + right + ", 2]").result).as_array();
  EXPECT_EQ(two.size(), 2u);
}

TEST_F(Builtins, NeighborhoodWithoutKademliaIsEmpty) {
  EXPECT_EQ(call("kad", "neighborhood", "[\"" + PeerId::from_ed25519(key.public_key()).to_base58() + "\"]").result, "[]");
  EXPECT_EQ(call("kad", "neighborhood", "[\"0OIl\"]").ret_code, 1);
}

}  // namespace
}  // namespace fluence::node
