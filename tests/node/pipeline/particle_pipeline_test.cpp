// Pipelines of several peers wired by an in-memory network: a particle's whole journey
// (node.md §2), the builtins it calls on the way (§6), and the intake rules.
#include "fluence/node/particle_pipeline.h"

#include <gtest/gtest.h>

#include <map>

#include "fluence/core/error.h"
#include "fluence/node/builtins.h"
#include "fluence/node/particle_signature.h"
#include "test_util.h"

namespace fluence::node {
namespace {

constexpr std::uint64_t kNow = 1763700000000;

struct Network {
  net::asio::io_context io;
  std::map<PeerId, std::shared_ptr<ParticlePipeline>> peers;
  std::vector<boost::json::array> callbacks;  // arguments of callback.result at the client
  std::uint64_t now = kNow;

  std::shared_ptr<ParticlePipeline> add(const Ed25519KeyPair& key, bool client = false) {
    auto dispatch = std::make_shared<ServiceDispatch>();
    add_op_builtins(*dispatch);
    add_peer_builtins(*dispatch, PeerFacts{.now_ms = [this] { return now; }});
    if (client) {
      dispatch->add_function("callback", "result", [this](const CallContext& c) -> net::Task<air::CallServiceResult> {
        callbacks.push_back(c.request.arguments);
        co_return call_unit();
      });
    }
    PipelineEnvironment env;
    env.now_ms = [this] { return now; };
    env.send = [this](const PeerId& to, const Particle& p) -> net::Task<void> {
      auto it = peers.find(to);
      if (it == peers.end()) throw Error(ErrorKind::kNotFound, "no route to " + to.to_base58());
      auto target = it->second;
      net::asio::post(io, [target, p] { target->ingest(p); });
      co_return;
    };
    auto pipeline = ParticlePipeline::create(io.get_executor(), key, dispatch, env);
    peers[pipeline->peer_id()] = pipeline;
    return pipeline;
  }

  void settle() { net::testing::settle(io, std::chrono::milliseconds(100)); }
};

Particle start(const Ed25519KeyPair& client, std::string script, std::uint32_t ttl = 60000) {
  Particle p;
  p.id = "0b6f3ef2-5a52-4d4e-8a0e-1f7b9c3d2e10";
  p.timestamp = kNow;
  p.ttl = ttl;
  p.script = std::move(script);
  sign_particle(p, client);
  return p;
}

std::string id(const std::shared_ptr<ParticlePipeline>& p) { return p->peer_id().to_base58(); }

TEST(ParticlePipeline, AParticleTravelsClientRelayPeerAndBackWithTheResult) {
  Network net;
  auto client_key = Ed25519KeyPair::generate();
  auto client = net.add(client_key, true);
  auto relay = net.add(Ed25519KeyPair::generate());
  auto peer = net.add(Ed25519KeyPair::generate());
  std::string script = "(seq (seq (call \"" + id(relay) + "\" (\"op\" \"noop\") []) (call \"" + id(peer) +
                       "\" (\"peer\" \"timestamp_ms\") [] ts)) (seq (call \"" + id(relay) +
                       "\" (\"op\" \"noop\") []) (call %init_peer_id% (\"callback\" \"result\") [ts])))";
  client->ingest(start(client_key, script));
  net.settle();
  ASSERT_EQ(net.callbacks.size(), 1u);
  EXPECT_EQ(net.callbacks[0], (boost::json::array{kNow}));
  EXPECT_EQ(relay->stats().forwarded, 2u);
  EXPECT_EQ(peer->stats().calls, 1u);
}

TEST(ParticlePipeline, ParBranchesOnTwoPeersMergeAtTheClient) {
  Network net;
  auto client_key = Ed25519KeyPair::generate();
  auto client = net.add(client_key, true);
  auto a = net.add(Ed25519KeyPair::generate());
  auto b = net.add(Ed25519KeyPair::generate());
  std::string script = "(seq (par (call \"" + id(a) + "\" (\"op\" \"identity\") [\"from a\"] x) (call \"" + id(b) +
                       "\" (\"op\" \"identity\") [\"from b\"] y)) (call %init_peer_id% (\"callback\" \"result\") [x y]))";
  client->ingest(start(client_key, script));
  net.settle();
  ASSERT_EQ(net.callbacks.size(), 1u);
  EXPECT_EQ(net.callbacks[0], (boost::json::array{"from a", "from b"}));
  EXPECT_GE(client->stats().accepted, 3u);  // its own start and one copy from each branch
}

TEST(ParticlePipeline, CallsOfAnUnknownServiceFailInsideTheScript) {
  Network net;
  auto client_key = Ed25519KeyPair::generate();
  auto client = net.add(client_key, true);
  std::string script =
      "(xor (call %init_peer_id% (\"nope\" \"f\") []) (call %init_peer_id% (\"callback\" \"result\") [%last_error%.$.message]))";
  client->ingest(start(client_key, script));
  net.settle();
  ASSERT_EQ(net.callbacks.size(), 1u);
  EXPECT_NE(std::string(net.callbacks[0][0].as_string()).find("Service with id 'nope' not found (function f)"),
            std::string::npos);
}

TEST(ParticlePipeline, ExpiredParticlesAreDroppedAtIntake) {
  Network net;
  auto key = Ed25519KeyPair::generate();
  auto client = net.add(key, true);
  Particle p = start(key, "(call %init_peer_id% (\"callback\" \"result\") [])", 1000);
  net.now = kNow + 1001;
  client->ingest(p);
  net.settle();
  EXPECT_EQ(client->stats().expired, 1u);
  EXPECT_TRUE(net.callbacks.empty());
}

TEST(ParticlePipeline, BadlySignedParticlesAreDroppedAtIntake) {
  Network net;
  auto key = Ed25519KeyPair::generate();
  auto client = net.add(key, true);
  Particle p = start(key, "(call %init_peer_id% (\"callback\" \"result\") [])");
  p.script = "(call %init_peer_id% (\"callback\" \"result\") [1])";
  client->ingest(p);
  net.settle();
  EXPECT_EQ(client->stats().bad_signature, 1u);
  EXPECT_TRUE(net.callbacks.empty());
}

TEST(ParticlePipeline, UnreachablePeersAreCountedNotFatal) {
  Network net;
  auto key = Ed25519KeyPair::generate();
  auto client = net.add(key, true);
  auto nowhere = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()).to_base58();
  client->ingest(start(key, "(call \"" + nowhere + "\" (\"op\" \"noop\") [])"));
  net.settle();
  EXPECT_EQ(client->stats().forward_failures, 1u);
}

TEST(ParticlePipeline, ActorsAreRemovedAtTheParticleDeadline) {
  Network net;
  auto key = Ed25519KeyPair::generate();
  auto client = net.add(key, true);
  // The wall clock decides the timer; give the particle 150 ms from "now".
  net.now = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  Particle p;
  p.id = "short";
  p.timestamp = net.now;
  p.ttl = 150;
  p.script = "(null)";
  sign_particle(p, key);
  client->ingest(p);
  net.settle();
  EXPECT_EQ(client->actor_count(), 1u);
  net::testing::settle(net.io, std::chrono::milliseconds(250));
  EXPECT_EQ(client->actor_count(), 0u);
}

}  // namespace
}  // namespace fluence::node
