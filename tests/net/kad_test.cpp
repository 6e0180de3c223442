#include <gtest/gtest.h>

#include "fluence/net/kad_discovery_ban.h"
#include "fluence/net/kad_lookup.h"
#include "fluence/net/kad_responder.h"
#include "fluence/net/kad_routing_table.h"

namespace fluence::net {
namespace {

PeerId random_peer() { return PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()); }
const std::vector<Multiaddr> kAddr{Multiaddr::parse("/ip4/127.0.0.1/tcp/1")};

TEST(KadKeys, BucketIndexIsHighestDifferingBit) {
  KadKey a{}, b{};
  EXPECT_EQ(kad_bucket_index(a, b), -1);
  b[31] = 1;
  EXPECT_EQ(kad_bucket_index(a, b), 0);
  b[0] = 0x80;
  EXPECT_EQ(kad_bucket_index(a, b), 255);
  KadKey c{};
  c[30] = 0x03;
  EXPECT_EQ(kad_bucket_index(a, c), 9);
}

TEST(KadKeys, RandomKeyFallsIntoRequestedBucket) {
  KadRoutingTable t(random_peer());
  for (int i : {0, 7, 8, 100, 255}) EXPECT_EQ(kad_bucket_index(t.self_key(), t.random_key_in_bucket(i)), i);
}

TEST(KadRoutingTable, ClosestReturnsNearestFirstAndExcludes) {
  KadRoutingTable t(random_peer());
  std::vector<PeerId> peers;
  for (int i = 0; i < 50; ++i) {
    peers.push_back(random_peer());
    t.update(peers.back(), kAddr, true, KadClock::now());
  }
  KadKey target = kad_key(peers[0]);
  auto c = t.closest(target, 10, &peers[0]);
  ASSERT_FALSE(c.empty());
  for (const auto& e : c) EXPECT_NE(e.peer, peers[0]);
  for (std::size_t i = 1; i < c.size(); ++i) EXPECT_FALSE(kad_closer(c[i].key, c[i - 1].key, target));
  // nothing outside the answer is closer than its last entry
  for (const auto& p : peers) {
    if (p == peers[0] || t.find(p) == nullptr) continue;  // full buckets drop some peers
    bool in = std::any_of(c.begin(), c.end(), [&](const KadEntry& e) { return e.peer == p; });
    if (!in) {
      EXPECT_FALSE(kad_closer(kad_key(p), c.back().key, target));
    }
  }
}

TEST(KadRoutingTable, SelfIsNeverInserted) {
  auto self = random_peer();
  KadRoutingTable t(self);
  EXPECT_EQ(t.update(self, kAddr, true, KadClock::now()), KadRoutingTable::Update::kSelf);
  EXPECT_EQ(t.size(), 0u);
}

// Fills the bucket that `probe` falls into with k connected entries; returns those peers.
std::vector<PeerId> fill_bucket(KadRoutingTable& t, int bucket, std::size_t k, KadClock::time_point now) {
  std::vector<PeerId> in;
  while (in.size() < k) {
    auto p = random_peer();
    if (kad_bucket_index(t.self_key(), kad_key(p)) != bucket) continue;
    t.update(p, kAddr, true, now);
    in.push_back(p);
  }
  return in;
}

PeerId peer_in_bucket(const KadRoutingTable& t, int bucket) {
  for (;;) {
    auto p = random_peer();
    if (kad_bucket_index(t.self_key(), kad_key(p)) == bucket) return p;
  }
}

TEST(KadRoutingTable, FullBucketOfConnectedPeersDropsNewcomer) {
  KadRoutingTable t(random_peer(), {4, std::chrono::milliseconds(60000)});
  auto now = KadClock::now();
  fill_bucket(t, 255, 4, now);
  EXPECT_EQ(t.update(peer_in_bucket(t, 255), kAddr, true, now), KadRoutingTable::Update::kFull);
  EXPECT_EQ(t.size(), 4u);
}

TEST(KadRoutingTable, PendingNewcomerReplacesDisconnectedAfterTimeout) {
  KadRoutingTable t(random_peer(), {4, std::chrono::milliseconds(60000)});
  auto now = KadClock::now();
  auto in = fill_bucket(t, 255, 4, now);
  t.set_connected(in[0], false, now);
  auto newcomer = peer_in_bucket(t, 255);
  EXPECT_EQ(t.update(newcomer, kAddr, true, now), KadRoutingTable::Update::kPending);
  EXPECT_EQ(t.find(newcomer), nullptr);
  t.set_connected(in[1], true, now + std::chrono::seconds(61));  // any touch applies pending
  EXPECT_NE(t.find(newcomer), nullptr);
  EXPECT_EQ(t.find(in[0]), nullptr);
}

TEST(KadRoutingTable, ReconnectCancelsPendingReplacement) {
  KadRoutingTable t(random_peer(), {4, std::chrono::milliseconds(60000)});
  auto now = KadClock::now();
  auto in = fill_bucket(t, 255, 4, now);
  t.set_connected(in[0], false, now);
  auto newcomer = peer_in_bucket(t, 255);
  t.update(newcomer, kAddr, true, now);
  t.set_connected(in[0], true, now + std::chrono::seconds(1));
  t.set_connected(in[1], true, now + std::chrono::seconds(61));
  EXPECT_EQ(t.find(newcomer), nullptr);
  EXPECT_NE(t.find(in[0]), nullptr);
}

TEST(KadRoutingTable, ThreeFailedQueriesInARowRemovePeer) {
  KadRoutingTable t(random_peer());
  auto now = KadClock::now();
  auto p = random_peer();
  t.update(p, kAddr, true, now);
  EXPECT_FALSE(t.record_failure(p, now));
  EXPECT_FALSE(t.find(p)->connected);  // a failed query marks it disconnected at once
  EXPECT_FALSE(t.record_failure(p, now));
  EXPECT_NE(t.find(p), nullptr);
  EXPECT_TRUE(t.record_failure(p, now));
  EXPECT_EQ(t.find(p), nullptr);
}

TEST(KadRoutingTable, AnsweredQueryResetsFailureCount) {
  KadRoutingTable t(random_peer());
  auto now = KadClock::now();
  auto p = random_peer();
  t.update(p, kAddr, true, now);
  t.record_failure(p, now);
  t.record_failure(p, now);
  t.update(p, kAddr, true, now);  // it answered
  EXPECT_FALSE(t.record_failure(p, now));
  EXPECT_FALSE(t.record_failure(p, now));
  EXPECT_NE(t.find(p), nullptr);
}

TEST(KadRoutingTable, RemovingFailedPeerAdmitsPendingNewcomerAtOnce) {
  KadRoutingTable t(random_peer(), {4, std::chrono::milliseconds(60000)});
  auto now = KadClock::now();
  auto in = fill_bucket(t, 255, 4, now);
  t.record_failure(in[0], now);  // disconnected: a newcomer may now wait for its slot
  auto newcomer = peer_in_bucket(t, 255);
  EXPECT_EQ(t.update(newcomer, kAddr, true, now), KadRoutingTable::Update::kPending);
  t.record_failure(in[0], now);
  EXPECT_TRUE(t.record_failure(in[0], now));  // long before the 60 s pending timeout
  EXPECT_NE(t.find(newcomer), nullptr);
  EXPECT_EQ(t.size(), 4u);
}

TEST(KadDiscoveryBan, ThreeFailedDiscoveriesBanPeerForSixtySeconds) {
  KadDiscoveryBan ban;
  auto now = KadClock::now();
  auto p = random_peer();
  ban.failed(p, now);
  ban.failed(p, now);
  EXPECT_FALSE(ban.banned(p, now));
  ban.failed(p, now);
  EXPECT_TRUE(ban.banned(p, now));
  EXPECT_TRUE(ban.banned(p, now + std::chrono::seconds(59)));
  EXPECT_FALSE(ban.banned(p, now + std::chrono::seconds(60)));
  ban.failed(p, now + std::chrono::seconds(61));  // the count starts again after a ban
  EXPECT_FALSE(ban.banned(p, now + std::chrono::seconds(61)));
}

TEST(KadDiscoveryBan, SuccessfulDiscoveryForgetsFailures) {
  KadDiscoveryBan ban;
  auto now = KadClock::now();
  auto p = random_peer();
  ban.failed(p, now);
  ban.failed(p, now);
  ban.succeeded(p);
  ban.failed(p, now);
  EXPECT_FALSE(ban.banned(p, now));
  EXPECT_EQ(ban.tracked(), 1u);
}

TEST(KadDiscoveryBan, TrackedPeersStayBounded) {
  KadDiscoveryBan ban;
  auto now = KadClock::now();
  for (int i = 0; i < 5000; ++i) ban.failed(random_peer(), now);
  EXPECT_LE(ban.tracked(), 4096u);
}

TEST(KadLookup, NeverMoreThanAlphaInFlight) {
  auto self = random_peer();
  std::vector<KadPeerHint> seeds;
  for (int i = 0; i < 10; ++i) seeds.push_back({random_peer(), kAddr});
  KadLookup l(kad_key(random_peer()), seeds, self, {20, 3});
  EXPECT_EQ(l.next().size(), 3u);
  EXPECT_TRUE(l.next().empty());
}

TEST(KadLookup, FinishesWhenClosestHaveAnsweredAndFindsTarget) {
  auto self = random_peer();
  auto target = random_peer();
  std::vector<KadPeerHint> seeds{{random_peer(), kAddr}, {random_peer(), kAddr}};
  KadLookup l(kad_key(target), seeds, self, {20, 3});
  auto first = l.next();
  ASSERT_EQ(first.size(), 2u);
  l.on_response(first[0].peer, {{target, kAddr}});
  l.on_failure(first[1].peer);
  auto second = l.next();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].peer, target);
  EXPECT_EQ(second[0].depth, 2);
  EXPECT_FALSE(l.done());
  l.on_response(target, {});
  EXPECT_TRUE(l.done());
  auto r = l.result();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].peer, target);
}

TEST(KadLookup, SelfIsNotACandidate) {
  auto self = random_peer();
  KadLookup l(kad_key(self), {{self, kAddr}}, self);
  EXPECT_TRUE(l.next().empty());
  EXPECT_TRUE(l.done());
}

TEST(KadResponder, FindNodeExcludesRequester) {
  auto self = random_peer();
  KadRoutingTable t(self);
  auto requester = random_peer();
  t.update(requester, kAddr, true, KadClock::now());
  auto other = random_peer();
  t.update(other, kAddr, true, KadClock::now());
  KadResponder r(t);
  KadMessage req;
  req.type = KadType::kFindNode;
  req.key = requester.bytes();
  auto resp = r.answer(requester, req);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->closer_peers.size(), 1u);
  EXPECT_EQ(resp->closer_peers[0].id, other.bytes());
  EXPECT_EQ(resp->closer_peers[0].addrs[0], kAddr[0].to_bytes());
}

TEST(KadResponder, PutValueIsEchoedAndStored) {
  KadRoutingTable t(random_peer());
  KadResponder r(t);
  KadMessage req;
  req.type = KadType::kPutValue;
  req.key = {1, 2};
  req.record = KadRecord{{1, 2}, {9}, {}, {}, 0};
  auto resp = r.answer(random_peer(), req);
  ASSERT_TRUE(resp && resp->record);
  EXPECT_EQ(resp->record->value, Bytes{9});
  KadMessage get;
  get.type = KadType::kGetValue;
  get.key = {1, 2};
  auto got = r.answer(random_peer(), get);
  ASSERT_TRUE(got->record);
  EXPECT_EQ(got->record->value, Bytes{9});
}

TEST(KadResponder, AddProviderHasNoAnswerAndAcceptsOnlyTheSender) {
  KadRoutingTable t(random_peer());
  KadResponder r(t);
  auto sender = random_peer();
  KadMessage req;
  req.type = KadType::kAddProvider;
  req.key = {7};
  req.provider_peers.push_back({sender.bytes(), {}, KadConnection::kConnected});
  req.provider_peers.push_back({random_peer().bytes(), {}, KadConnection::kConnected});
  EXPECT_FALSE(r.answer(sender, req));
  EXPECT_EQ(r.provider_count({7}), 1u);
}

}  // namespace
}  // namespace fluence::net
