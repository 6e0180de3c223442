// Two of our hosts on loopback exchanging particles over /fluence/particle/2.0.0.
#include "fluence/node/particle_transport.h"

#include <gtest/gtest.h>

#include <vector>

#include "fluence/core/error.h"
#include "fluence/net/stream_io.h"
#include "fluence/node/particle_signature.h"
#include "test_util.h"

namespace fluence::node {
namespace {

using net::testing::run_task;
using net::testing::settle;

Particle particle_with(std::string script, std::size_t data_size) {
  Particle p;
  p.id = "e0c8f4a6-7d0b-4c64-9d1e-3b2a1f0e9d8c";
  p.timestamp = 1763700000000;
  p.ttl = 60000;
  p.script = std::move(script);
  p.data = Bytes(data_size, 0x5a);
  sign_particle(p, Ed25519KeyPair::generate());
  return p;
}

struct Received {
  Particle particle;
  PeerId from;
};

struct TwoPeers : ::testing::Test {
  net::asio::io_context io;
  net::HostPtr a = net::Host::create(io.get_executor(), {});
  net::HostPtr b = net::Host::create(io.get_executor(), {});
  std::vector<Received> at_a, at_b;
  std::shared_ptr<ParticleTransport> ta, tb;
  net::Multiaddr b_addr;

  void SetUp() override {
    ta = ParticleTransport::create(a, [this](Particle p, const PeerId& from) { at_a.push_back({std::move(p), from}); });
    tb = ParticleTransport::create(b, [this](Particle p, const PeerId& from) { at_b.push_back({std::move(p), from}); });
    b_addr = b->listen(net::Multiaddr::parse("/ip4/127.0.0.1/tcp/0"));
    run_task(io, a->dial(b_addr));
    settle(io, std::chrono::milliseconds(100));
  }
  void TearDown() override {
    a->shutdown();
    b->shutdown();
    settle(io, std::chrono::milliseconds(50));
  }
  void wait_for(const std::vector<Received>& box, std::size_t n) {
    for (int i = 0; i < 200 && box.size() < n; ++i) settle(io, std::chrono::milliseconds(10));
  }
};

TEST_F(TwoPeers, HostsAdvertiseTheParticleProtocol) {
  auto protocols = b->protocols();
  EXPECT_NE(std::find(protocols.begin(), protocols.end(), std::string(kParticleProtocolId)), protocols.end());
}

TEST_F(TwoPeers, ASentParticleArrivesWhole) {
  Particle p = particle_with("(null)", 1000);
  run_task(io, ta->send(b->peer_id(), p));
  wait_for(at_b, 1);
  ASSERT_EQ(at_b.size(), 1u);
  EXPECT_EQ(at_b[0].particle, p);
  EXPECT_EQ(at_b[0].from, a->peer_id());
  EXPECT_EQ(tb->stats().received, 1u);
  EXPECT_EQ(ta->stats().sent, 1u);
}

TEST_F(TwoPeers, BothDirectionsAndLargeBodiesBeyondOneYamuxWindow) {
  Particle big = particle_with("(seq (null) (null))", 3 * 1024 * 1024);
  run_task(io, tb->send(a->peer_id(), big));
  run_task(io, ta->send(b->peer_id(), particle_with("(null)", 1)));
  wait_for(at_a, 1);
  wait_for(at_b, 1);
  ASSERT_EQ(at_a.size(), 1u);
  EXPECT_EQ(at_a[0].particle, big);
  EXPECT_EQ(at_b.size(), 1u);
}

TEST_F(TwoPeers, ManyParticlesOnOwnStreamsLeaveNoStreamsOpen) {
  for (int i = 0; i < 300; ++i) {
    Particle p = particle_with("(null)", static_cast<std::size_t>(i));
    run_task(io, ta->send(b->peer_id(), p));
  }
  wait_for(at_b, 300);
  EXPECT_EQ(at_b.size(), 300u);
  settle(io, std::chrono::milliseconds(200));
  auto conn = a->connection_to(b->peer_id());
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->stream_count(), 0u);
}

TEST_F(TwoPeers, SeveralFramesOnOneStreamAreAllDelivered) {
  Particle p1 = particle_with("(null)", 10), p2 = particle_with("(never)", 20);
  run_task(io, [&]() -> net::Task<void> {
    const std::vector<std::string> protocols{std::string(kParticleProtocolId)};
    auto s = co_await a->new_stream(b->peer_id(), protocols);
    co_await net::write_length_prefixed(*s, encode_particle_body(p1));
    co_await net::write_length_prefixed(*s, encode_particle_body(p2));
    s->close_write();
  }());
  wait_for(at_b, 2);
  ASSERT_EQ(at_b.size(), 2u);
  EXPECT_EQ(at_b[0].particle, p1);
  EXPECT_EQ(at_b[1].particle, p2);
}

TEST_F(TwoPeers, MalformedBodiesAreCountedAndTheConnectionSurvives) {
  run_task(io, [&]() -> net::Task<void> {
    const std::vector<std::string> protocols{std::string(kParticleProtocolId)};
    auto s = co_await a->new_stream(b->peer_id(), protocols);
    co_await net::write_length_prefixed(*s, to_bytes("{\"json\": \"is not accepted\"}"));
    s->close_write();
  }());
  settle(io, std::chrono::milliseconds(100));
  EXPECT_EQ(tb->stats().rejected, 1u);
  EXPECT_TRUE(at_b.empty());
  run_task(io, ta->send(b->peer_id(), particle_with("(null)", 5)));
  wait_for(at_b, 1);
  EXPECT_EQ(at_b.size(), 1u);
}

TEST_F(TwoPeers, OversizedFramesAreRefusedFromTheirLength) {
  tb.reset();
  tb = ParticleTransport::create(b, [this](Particle p, const PeerId& from) { at_b.push_back({std::move(p), from}); },
                                 ParticleTransportConfig{.max_inbound_body = 1024, .is_client = {}});
  run_task(io, [&]() -> net::Task<void> {
    const std::vector<std::string> protocols{std::string(kParticleProtocolId)};
    auto s = co_await a->new_stream(b->peer_id(), protocols);
    co_await net::write_length_prefixed(*s, encode_particle_body(particle_with("(null)", 4096)));
    s->close_write();
  }());
  settle(io, std::chrono::milliseconds(100));
  EXPECT_EQ(tb->stats().rejected, 1u);
  EXPECT_TRUE(at_b.empty());
}

TEST_F(TwoPeers, ClientsGetAtMostFourMebibytes) {
  ta.reset();
  ta = ParticleTransport::create(a, [](Particle, const PeerId&) {},
                                 ParticleTransportConfig{.max_inbound_body = kMaxParticleBodyBytes,
                                                         .is_client = [](const net::Host&, const PeerId&) { return true; }});
  try {
    run_task(io, ta->send(b->peer_id(), particle_with("(null)", kMaxClientParticleBodyBytes)));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kLimit);
  }
  run_task(io, ta->send(b->peer_id(), particle_with("(null)", 1000)));  // FIN + RST to a client
  wait_for(at_b, 1);
  EXPECT_EQ(at_b.size(), 1u);
}

TEST_F(TwoPeers, PeersThatSpeakKademliaAreNotClients) {
  // Our hosts serve no Kademlia here, so once identified each looks like a client to the other.
  for (int i = 0; i < 50 && !a->peer_info(b->peer_id()); ++i) settle(io, std::chrono::milliseconds(10));
  EXPECT_TRUE(ta->is_client(b->peer_id()));
  b->set_handler("/ipfs/kad/1.0.0", [](net::StreamPtr) -> net::Task<void> { co_return; });
  for (int i = 0; i < 100 && ta->is_client(b->peer_id()); ++i) settle(io, std::chrono::milliseconds(10));
  EXPECT_FALSE(ta->is_client(b->peer_id()));
}

}  // namespace
}  // namespace fluence::node
