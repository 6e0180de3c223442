// The client against a local network of our nodes (served on their own thread): Aqua
// functions compiled by our compiler, called through the relay, with `fluence run` and with
// the library (ARCHITECTURE.md: a particle's journey).
#include "fluence/client/aqua_call.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <thread>

#include "fluence/aqua/compiler.h"
#include "fluence/core/error.h"
#include "fluence/node/node.h"
#include "support/command_output.h"

namespace fluence::client {
namespace {

const std::string kSource = FLUENCE_SOURCE_DIR;
const std::string kBinary = FLUENCE_BINARY_DIR;

struct LocalNetwork : ::testing::Test {
  net::asio::io_context io;
  std::shared_ptr<node::Node> relay, peer;
  std::thread runner;
  net::asio::executor_work_guard<net::asio::io_context::executor_type> work{io.get_executor()};

  void SetUp() override {
    node::NodeConfig rc;
    rc.listen = {net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0")};
    relay = node::Node::create(io.get_executor(), rc);
    relay->start();
    node::NodeConfig pc;
    pc.listen = {net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0")};
    pc.kad.bootstrap = {relay->addresses()[0]};
    pc.marine_services = {{"greeting", kBinary + "/examples/modules/greeting.wasm"}};
    peer = node::Node::create(io.get_executor(), pc);
    peer->start();
    runner = std::thread([this] { io.run(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // bootstrap
  }
  void TearDown() override {
    net::asio::post(io, [this] {
      peer->shutdown();
      relay->shutdown();
      work.reset();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    io.stop();
    runner.join();
  }

  AquaFunction compiled(const std::string& file, const std::string& name) {
    auto result = aqua::compile_file(kSource + "/" + file, {});
    EXPECT_TRUE(result.ok()) << result.render_diagnostics();
    for (const auto& f : result.functions) {
      if (f.name != name) continue;
      AquaFunction out{f.air, {}, f.results.size()};
      for (const auto& a : f.args) out.arg_names.push_back(a.name);
      return out;
    }
    ADD_FAILURE() << "no function " << name;
    return {};
  }
  AquaCallOptions options() const {
    AquaCallOptions o;
    o.relay = relay->addresses()[0];
    o.ttl_ms = 15000;
    return o;
  }
};

TEST_F(LocalNetwork, HelloReachesTheDeployedServiceAndReturnsBothResults) {
  auto result = call_aqua_function(compiled("examples/hello/hello.aqua", "hello"),
                                   boost::json::array{"Fluence", peer->peer_id().to_base58()}, options());
  EXPECT_EQ(result, (boost::json::array{"Hi, Fluence", "fluence-cpp/0.1.0"}));
}

TEST_F(LocalNetwork, SeveralResultsComeBackAsAnArray) {
  auto result = call_aqua_function(compiled("examples/node/relay_info.aqua", "on_peer"),
                                   boost::json::array{peer->peer_id().to_base58(), boost::json::array{"a", "b"}}, options());
  EXPECT_EQ(result, (boost::json::array{"ab", 2}));
}

TEST_F(LocalNetwork, ASingleResultIsReturnedAsItsValue) {
  auto out = aqua::compile_string(
      "aqua One\n\nexport one\n\nimport \"@fluencelabs/aqua-lib/builtin.aqua\"\n\n"
      "func one() -> string:\n  on HOST_PEER_ID:\n    info <- Peer.identify()\n  <- info.air_version\n",
      "one.aqua", {});
  ASSERT_TRUE(out.ok()) << out.render_diagnostics();
  AquaFunction f{out.functions.at(0).air, {}, out.functions.at(0).results.size()};
  EXPECT_EQ(call_aqua_function(f, {}, options()), boost::json::value("0.62.0"));
}

TEST_F(LocalNetwork, ServiceErrorsComeBackAsTheFunctionsError) {
  // The relay hosts no greeting service: the script's xor sends the error to the client.
  try {
    call_aqua_function(compiled("examples/hello/hello.aqua", "hello"),
                       boost::json::array{"Fluence", relay->peer_id().to_base58()}, options());
    FAIL() << "expected the function to fail";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Service with id 'greeting' not found"), std::string::npos) << e.what();
  }
}

TEST_F(LocalNetwork, WrongArgumentCountsAreRefusedBeforeSending) {
  EXPECT_THROW(call_aqua_function(compiled("examples/hello/hello.aqua", "hello"), boost::json::array{"x"}, options()),
               Error);
}

TEST_F(LocalNetwork, FluenceRunPrintsTheResultAsJson) {
  std::string cmd = kBinary + "/bin/fluence run " + kSource + "/examples/hello/hello.aqua --func hello --args '[\"Fluence\", \"" +
                    peer->peer_id().to_base58() + "\"]' --relay " + relay->addresses()[0].to_string() + " 2>&1";
  auto [out, status] = fluence::testing::run_command(cmd);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"(["Hi, Fluence","fluence-cpp/0.1.0"])")) << out;
}

}  // namespace
}  // namespace fluence::client
