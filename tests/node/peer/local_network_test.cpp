// A local network of our nodes on loopback, bootstrapped from the first, and a client that
// reaches them only through its relay (node.md §1–§2, network.md §11).
#include "fluence/node/node.h"

#include <gtest/gtest.h>

#include <set>

#include "fluence/node/particle_signature.h"
#include "test_util.h"

namespace fluence::node {
namespace {

using net::testing::settle;

const std::string kGreetingWasm = std::string(FLUENCE_BINARY_DIR) + "/examples/modules/greeting.wasm";

struct LocalNetwork : ::testing::Test {
  net::asio::io_context io;
  std::vector<std::shared_ptr<Node>> nodes;
  std::vector<boost::json::array> results;
  std::shared_ptr<Node> client;

  void SetUp() override {
    for (int i = 0; i < 4; ++i) {
      NodeConfig config;
      config.listen = {net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0")};
      // Node 2 hosts the example greeting module (built by the normal build).
      if (i == 2) config.marine_services = {{"greeting", kGreetingWasm}};
      if (i > 0) config.kad.bootstrap = {nodes[0]->addresses()[0]};
      nodes.push_back(Node::create(io.get_executor(), config));
      nodes.back()->start();
    }
    // The client: a node without listeners or Kademlia bootstrap, with a result service.
    NodeConfig config;
    config.add_services = [this](ServiceDispatch& d) {
      d.add_function("callback", "result", [this](const CallContext& c) -> net::Task<air::CallServiceResult> {
        results.push_back(c.request.arguments);
        co_return call_unit();
      });
    };
    client = Node::create(io.get_executor(), config);
    net::testing::run_task(io, client->host()->dial(nodes[1]->addresses()[0]));
    settle(io, std::chrono::milliseconds(500));  // bootstrap lookups
  }
  void TearDown() override {
    client->shutdown();
    for (auto& n : nodes) n->shutdown();
    settle(io, std::chrono::milliseconds(50));
  }
  std::string id(std::size_t i) const { return nodes[i]->peer_id().to_base58(); }
  // Starts `script` at the client, signed by it, alive for 30 s.
  void start_particle(const std::string& particle_id, const std::string& script) {
    Particle p;
    p.id = particle_id;
    p.timestamp = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
    p.ttl = 30000;
    p.script = script;
    sign_particle(p, client->host()->identity());
    client->pipeline()->ingest(p);
  }
  void wait_for_results(std::size_t n) {
    for (int i = 0; i < 300 && results.size() < n; ++i) settle(io, std::chrono::milliseconds(10));
  }
};

TEST_F(LocalNetwork, AParticleHopsThroughTheRelayToAnotherPeerAndBack) {
  // relay = node 1; node 3 is reached by the relay directly or after a Kademlia lookup.
  std::string script =
      "(seq (seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call \"" + id(3) + "\" (\"peer\" \"identify\") [] info))"
      " (seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call %init_peer_id% (\"callback\" \"result\") [info.$.air_version])))";
  start_particle("9c1f5b2e-4d3a-4b8c-9e7f-6a5b4c3d2e1f", script);
  wait_for_results(1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0], (boost::json::array{"0.62.0"}));
  EXPECT_EQ(nodes[1]->pipeline()->stats().forwarded, 2u);
  EXPECT_EQ(nodes[3]->pipeline()->stats().calls, 1u);
}

TEST_F(LocalNetwork, ADeployedMarineServiceAnswersThroughTheRelay) {
  std::string script =
      "(seq (seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call \"" + id(2) + "\" (\"greeting\" \"greet\") [\"Fluence\"] g))"
      " (seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call %init_peer_id% (\"callback\" \"result\") [g])))";
  start_particle("7d0e8f1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", script);
  wait_for_results(1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0], (boost::json::array{"Hi, Fluence"}));
}

TEST_F(LocalNetwork, TheBootstrapNodesNeighborhoodListsTheOtherNodes) {
  // Every node bootstrapped from node 0, so its routing table holds them all once they have
  // identified (Kademlia tables are filled from identify).
  for (int i = 0; i < 200 && nodes[0]->host()->connection_count() < 3; ++i) settle(io, std::chrono::milliseconds(10));
  settle(io, std::chrono::milliseconds(200));
  std::string script = "(seq (call \"" + id(1) + "\" (\"op\" \"noop\") [])"
                       " (seq (call \"" + id(0) + "\" (\"kad\" \"neighborhood\") [%init_peer_id%] peers)"
                       " (seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call %init_peer_id% (\"callback\" \"result\") [peers]))))";
  start_particle("neighborhood", script);
  wait_for_results(1);
  ASSERT_EQ(results.size(), 1u);
  std::set<std::string> listed;
  for (const auto& v : results[0][0].as_array()) listed.insert(std::string(v.as_string()));
  EXPECT_EQ(listed.count(id(0)), 0u);  // never itself
  for (std::size_t i : {1u, 2u, 3u}) EXPECT_EQ(listed.count(id(i)), 1u) << i;
}

TEST_F(LocalNetwork, ParticlesForUnknownPeersAreDroppedWithoutHarm) {
  auto stranger = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()).to_base58();
  start_particle("lost", "(seq (call \"" + id(1) + "\" (\"op\" \"noop\") []) (call \"" + stranger + "\" (\"op\" \"noop\") []))");
  for (int i = 0; i < 300 && nodes[1]->pipeline()->stats().forward_failures == 0; ++i) settle(io, std::chrono::milliseconds(10));
  EXPECT_EQ(nodes[1]->pipeline()->stats().forward_failures, 1u);
}

}  // namespace
}  // namespace fluence::node
