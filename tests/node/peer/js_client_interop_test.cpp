// js-client 0.9.0, as a Fluence app uses it (Fluence.connect + a function compiled by our Aqua
// compiler), with our nodes as its relay and peers (network.md §11, node.md §2).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "fluence/node/node.h"
#include "process_output.h"
#include "test_util.h"

namespace fluence::node {
namespace {

const std::string kSource = FLUENCE_SOURCE_DIR;
const std::string kInterop = kSource + "/tests/interop/node";

using testing::process_output;

struct JsClientOnOurNetwork : ::testing::Test {
  net::asio::io_context io;
  std::shared_ptr<Node> relay, peer;
  std::string compiled = (std::filesystem::temp_directory_path() / "relay_info.json").string();

  void SetUp() override {
    if (!std::filesystem::exists(kInterop + "/node_modules/@fluencelabs/js-client") && std::getenv("CI") == nullptr) {
      GTEST_SKIP() << "npm packages of tests/interop/node are not installed";
    }
    std::string fluence = std::string(FLUENCE_BINARY_DIR) + "/bin/fluence";
    ASSERT_EQ(std::system((fluence + " aqua compile " + kSource + "/examples/node/relay_info.aqua --json > " + compiled).c_str()), 0);
    NodeConfig rc;
    rc.listen = {net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0/ws")};
    relay = Node::create(io.get_executor(), rc);
    relay->start();
    NodeConfig pc;
    pc.listen = {net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0")};
    pc.kad.bootstrap = {relay->addresses()[0]};
    peer = Node::create(io.get_executor(), pc);
    peer->start();
    net::testing::settle(io, std::chrono::milliseconds(300));
  }
  void TearDown() override {
    if (peer) peer->shutdown();
    if (relay) relay->shutdown();
    net::testing::settle(io, std::chrono::milliseconds(50));
  }
  // Runs call_aqua.mjs while our nodes serve; returns its JSON answer.
  boost::json::object call(const std::string& func, const std::string& args) {
    std::string cmd = "node " + kInterop + "/call_aqua.mjs " + relay->addresses()[0].to_string() + " " + compiled + " " +
                      func + " '" + args + "'";
    auto js = std::async(std::launch::async, [cmd] { return process_output(cmd); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (js.wait_for(std::chrono::seconds(0)) != std::future_status::ready &&
           std::chrono::steady_clock::now() < deadline) {
      io.run_one_for(std::chrono::milliseconds(20));
    }
    if (js.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return {{"error", "js client hung"}};
    std::string out = js.get();
    try {
      return boost::json::parse(out).as_object();
    } catch (const std::exception&) {
      return {{"error", "not JSON: " + out}};
    }
  }
};

TEST_F(JsClientOnOurNetwork, AFunctionOnTheRelayReturnsItsIdentifyAndClock) {
  auto answer = call("relay_info", "[]");
  ASSERT_TRUE(answer.contains("result")) << boost::json::serialize(answer);
  auto result = answer.at("result").as_array();
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0], "0.62.0");
  EXPECT_GT(result[1].to_number<std::uint64_t>(), 1700000000000u);
  EXPECT_GE(relay->pipeline()->stats().interpreter_runs, 1u);
}

TEST_F(JsClientOnOurNetwork, AFunctionOnAnotherPeerGoesThroughTheRelayAndBack) {
  auto answer = call("on_peer", "[\"" + peer->peer_id().to_base58() + "\", [\"hello, \", \"world\"]]");
  ASSERT_TRUE(answer.contains("result")) << boost::json::serialize(answer);
  EXPECT_EQ(answer.at("result"), (boost::json::array{"hello, world", 2}));
  EXPECT_GE(peer->pipeline()->stats().calls, 2u);
  EXPECT_GE(relay->pipeline()->stats().forwarded, 2u);
}

}  // namespace
}  // namespace fluence::node
