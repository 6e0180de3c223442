// js-client 0.9.0's RelayConnection (tests/interop/node/relay_client.mjs) talking to our host
// as its relay: every particle it sends arrives, every particle we send back reaches its
// particle source (which js only feeds after verifying the signature), beyond the 1 024
// stream limits of both directions (network.md §7.3, §11).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>

#include "fluence/node/particle_signature.h"
#include "fluence/node/particle_transport.h"
#include "process_output.h"
#include "test_util.h"

namespace fluence::node {
namespace {

const std::string kDir = std::string(FLUENCE_SOURCE_DIR) + "/tests/interop/node";

using testing::process_output;

TEST(ParticleTransportInterop, JsClientRelayConnectionExchangesParticlesBeyondStreamLimits) {
  if (!std::filesystem::exists(kDir + "/node_modules/@fluencelabs/js-client") && std::getenv("CI") == nullptr) {
    GTEST_SKIP() << "npm packages of tests/interop/node are not installed";
  }
  net::asio::io_context io;
  auto relay = net::Host::create(io.get_executor(), {});
  std::size_t received = 0, bad_signatures = 0;
  std::shared_ptr<ParticleTransport> transport;
  transport = ParticleTransport::create(relay, [&](Particle p, const PeerId& from) {
    ++received;
    if (!verify_particle_signature(p)) ++bad_signatures;
    p.data.push_back(0xee);
    net::asio::co_spawn(io, transport->send(from, p), net::asio::detached);
  });
  auto addr = relay->listen(net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0/ws")).with_peer_id(relay->peer_id());

  const int count = 1100;
  auto js = std::async(std::launch::async, [&] {
    return process_output("node " + kDir + "/relay_client.mjs " + addr.to_string() + " " + std::to_string(count));
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (js.wait_for(std::chrono::seconds(0)) != std::future_status::ready && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(js.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "js client did not finish";
  std::string out = js.get();
  auto result = boost::json::parse(out).as_object();
  ASSERT_FALSE(result.contains("error")) << out;
  EXPECT_EQ(received, static_cast<std::size_t>(count));
  EXPECT_EQ(bad_signatures, 0u);
  EXPECT_EQ(result.at("echoed").to_number<int>(), count);
  EXPECT_TRUE(result.at("data_ok").as_bool());
  EXPECT_EQ(transport->stats().sent, static_cast<std::uint64_t>(count));
  // It identified as a client (no Kademlia), so it got FIN+RST and nothing is left open.
  auto client = PeerId::parse(std::string(result.at("peer_id").as_string()));
  EXPECT_TRUE(transport->is_client(client));
  relay->shutdown();
}

}  // namespace
}  // namespace fluence::node
