// Our peers among themselves: 20 peers on loopback, all bootstrapped from the first, form a
// routing table in which every peer finds every other by FIND_NODE lookups.
#include <gtest/gtest.h>

#include "fluence/net/kad_service.h"
#include "test_util.h"

namespace fluence::net {
namespace {

using testing::run_task;

TEST(KadNetwork, TwentyPeersBootstrappedFromOneFindEachOther) {
  asio::io_context io;
  constexpr int kPeers = 20;
  std::vector<HostPtr> hosts;
  std::vector<KadServicePtr> kads;
  std::vector<Multiaddr> addrs;
  for (int i = 0; i < kPeers; ++i) {
    hosts.push_back(Host::create(io.get_executor(), {}));
    addrs.push_back(hosts.back()->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0")));
    KadConfig cfg;
    cfg.query_timeout = std::chrono::milliseconds(2000);
    if (i > 0) cfg.bootstrap = {addrs[0].with_peer_id(hosts[0]->peer_id())};
    kads.push_back(KadService::create(hosts.back(), cfg));
  }
  // Bootstrap one after another (as peers joining a network), then once more so early
  // joiners learn about later ones.
  for (int round = 0; round < 2; ++round)
    for (int i = 1; i < kPeers; ++i) run_task(io, kads[i]->bootstrap(), std::chrono::seconds(30));
  for (int i = 0; i < kPeers; ++i) EXPECT_GE(kads[i]->table().size(), 1u) << "peer " << i;

  int found = 0, total = 0;
  for (int i = 0; i < kPeers; ++i) {
    for (int j = 0; j < kPeers; ++j) {
      if (i == j) continue;
      ++total;
      auto closest = run_task(io, kads[i]->find_closest(hosts[j]->peer_id().bytes()), std::chrono::seconds(30));
      bool ok = !closest.empty() && closest[0].peer == hosts[j]->peer_id() && !closest[0].addrs.empty();
      if (ok) ++found;
      EXPECT_TRUE(ok) << "peer " << i << " did not find peer " << j;
    }
  }
  EXPECT_EQ(found, total);
  for (auto& h : hosts) h->shutdown();
  testing::settle(io, std::chrono::milliseconds(100));
}

// A routing-table entry whose address is dead: every query fails, and the third failure in a
// row removes it (KadRoutingTable::record_failure, driven by KadService's queries).
TEST(KadNetwork, UnreachablePeerLeavesTableAfterThreeFailedQueries) {
  asio::io_context io;
  auto host = Host::create(io.get_executor(), {});
  KadConfig cfg;
  cfg.query_timeout = std::chrono::milliseconds(500);
  auto kad = KadService::create(host, cfg);
  auto ghost = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key());
  // A port nothing listens on: bind one, note it, close it.
  std::uint16_t port;
  {
    asio::ip::tcp::acceptor probe(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  const std::vector<Multiaddr> dead{tcp_multiaddr("127.0.0.1", port)};
  kad->table().update(ghost, dead, true, KadClock::now());
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(kad->table().find(ghost), nullptr) << "removed after " << i << " failures";
    EXPECT_THROW(run_task(io, kad->find_node_rpc(ghost, dead, ghost.bytes()), std::chrono::seconds(10)), std::exception);
  }
  EXPECT_EQ(kad->table().find(ghost), nullptr);
  host->shutdown();
  testing::settle(io, std::chrono::milliseconds(50));
}

TEST(KadNetwork, PeerThatCannotBeDiscoveredThreeTimesIsNotLookedUpFor60Seconds) {
  asio::io_context io;
  auto host = Host::create(io.get_executor(), {});
  auto kad = KadService::create(host, {});
  auto nobody = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key());
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(kad->discovery_banned(nobody));
    EXPECT_TRUE(run_task(io, kad->find_peer(nobody), std::chrono::seconds(10)).empty());
  }
  EXPECT_TRUE(kad->discovery_banned(nobody));
  host->shutdown();
  testing::settle(io, std::chrono::milliseconds(50));
}

}  // namespace
}  // namespace fluence::net
