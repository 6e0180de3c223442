// kad-sim: our Kademlia code (KadRoutingTable, KadLookup, KadResponder) driven by a simulated
// network: in-process transport, virtual clock with random per-RPC latency, N peers joining
// one after another through a bootstrap peer, then lookups with 0 % and with X % churn (dead
// peers stay in routing tables and time out). Prints hop counts and success rates as JSON.
//   kad_sim [--peers N] [--lookups L] [--churn PERCENT] [--alpha A] [--seed S]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "fluence/net/kad_lookup.h"
#include "fluence/net/kad_responder.h"
#include "fluence/net/kad_routing_table.h"

using namespace fluence;
using namespace fluence::net;

namespace {

struct SimPeer {
  PeerId id;
  KadRoutingTable table;
  KadResponder responder;
  bool alive = true;
  SimPeer(const PeerId& p) : id(p), table(p), responder(table) {}
};

// The virtual clock: events ordered by time (milliseconds).
class VirtualClock {
 public:
  using Event = std::function<void()>;
  void at(double t, Event e) { queue_.push({t, seq_++, std::move(e)}); }
  double now() const { return now_; }
  void run() {
    while (!queue_.empty()) {
      auto item = queue_.top();
      queue_.pop();
      now_ = item.time;
      item.event();
    }
  }
  KadClock::time_point steady() const {
    return KadClock::time_point(std::chrono::duration_cast<KadClock::duration>(std::chrono::duration<double, std::milli>(now_)));
  }

 private:
  struct Item {
    double time;
    std::uint64_t seq;
    Event event;
    bool operator<(const Item& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  std::priority_queue<Item> queue_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
};

class SimNetwork {
 public:
  SimNetwork(std::size_t n, std::size_t alpha, std::uint32_t seed) : rng_(seed), alpha_(alpha) {
    peers_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      Ed25519PublicKey pk;
      for (auto& b : pk) b = static_cast<std::uint8_t>(rng_());
      peers_.emplace_back(PeerId::from_ed25519(pk));
      index_[peers_.back().id.bytes()] = i;
    }
  }

  struct LookupResult {
    bool found = false;
    int hops = 0;
    std::size_t rpcs = 0;
    double latency_ms = 0;
  };

  // One iterative FIND_NODE lookup from `from` for `target`, alpha queries in flight on the
  // virtual clock. An RPC to a dead peer fails after the query timeout.
  LookupResult lookup(std::size_t from, const Bytes& target_key, const PeerId* target) {
    SimPeer& me = peers_[from];
    KadKey key = kad_key(target_key);
    std::vector<KadPeerHint> seeds;
    for (const auto& e : me.table.closest(key, me.table.k())) seeds.push_back({e.peer, {}});
    KadLookup lk(key, seeds, me.id, {me.table.k(), alpha_});
    double start = clock_.now();
    std::function<void()> pump = [&]() {
      for (auto& c : lk.next()) {
        std::size_t callee = index_.at(c.peer.bytes());
        if (!peers_[callee].alive) {
          clock_.at(clock_.now() + kTimeoutMs, [&, peer = c.peer]() {
            lk.on_failure(peer);
            me.table.set_connected(peer, false, clock_.steady());
            pump();
          });
          continue;
        }
        double rtt = latency();
        KadMessage req;
        req.type = KadType::kFindNode;
        req.key = target_key;
        clock_.at(clock_.now() + rtt, [&, callee, req]() {
          SimPeer& remote = peers_[callee];
          // The callee learns the caller (as identify would tell it), then answers.
          remote.table.update(me.id, {}, true, clock_.steady());
          auto resp = remote.responder.answer(me.id, req);
          me.table.update(remote.id, {}, true, clock_.steady());
          lk.on_response(remote.id, kad_hints(resp->closer_peers));
          pump();
        });
      }
    };
    pump();
    clock_.run();
    LookupResult r;
    r.rpcs = lk.queries();
    r.latency_ms = clock_.now() - start;
    if (target) {
      const auto* c = lk.seen(*target);
      auto res = lk.result();
      r.found = c != nullptr && !res.empty() && res.front().peer == *target;
      r.hops = c ? c->depth - 1 : -1;
    }
    return r;
  }

  // Peers join one by one: seed the table with a bootstrap peer, look up our own id, then
  // refresh a few random buckets (what KadService::bootstrap does).
  void build(std::size_t refresh_per_peer) {
    for (std::size_t i = 1; i < peers_.size(); ++i) {
      std::size_t boot = rng_() % i;
      peers_[i].table.update(peers_[boot].id, {}, true, clock_.steady());
      lookup(i, peers_[i].id.bytes(), nullptr);
    }
    for (std::size_t round = 0; round < refresh_per_peer; ++round) {
      for (std::size_t i = 0; i < peers_.size(); ++i) {
        auto buckets = peers_[i].table.non_empty_buckets();
        if (buckets.empty()) continue;
        int b = buckets[rng_() % buckets.size()];
        KadKey k = peers_[i].table.random_key_in_bucket(b);
        lookup(i, Bytes(k.begin(), k.end()), nullptr);
      }
    }
  }

  void churn(double fraction) {
    for (auto& p : peers_) p.alive = true;
    std::size_t dead = static_cast<std::size_t>(fraction * static_cast<double>(peers_.size()));
    std::vector<std::size_t> order(peers_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng_);
    for (std::size_t i = 0; i < dead; ++i) peers_[order[i]].alive = false;
  }

  std::size_t random_alive() {
    for (;;) {
      std::size_t i = rng_() % peers_.size();
      if (peers_[i].alive) return i;
    }
  }

  SimPeer& peer(std::size_t i) { return peers_[i]; }
  std::size_t size() const { return peers_.size(); }
  double mean_table_size() const {
    double s = 0;
    for (const auto& p : peers_) s += static_cast<double>(p.table.size());
    return s / static_cast<double>(peers_.size());
  }

 private:
  static constexpr double kTimeoutMs = 3000;  // nox's kad query timeout
  double latency() { return 10.0 + static_cast<double>(rng_() % 90); }

  std::mt19937_64 rng_;
  std::size_t alpha_;
  std::vector<SimPeer> peers_;
  std::map<Bytes, std::size_t> index_;
  VirtualClock clock_;
};

struct Summary {
  std::size_t lookups = 0, found = 0;
  int max_hops = 0;
  double hops_sum = 0, rpcs_sum = 0, latency_sum = 0;
  std::vector<int> hops;
};

Summary run_lookups(SimNetwork& net, std::size_t count) {
  Summary s;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t from = net.random_alive();
    std::size_t to = net.random_alive();
    if (from == to) continue;
    const PeerId target = net.peer(to).id;
    auto r = net.lookup(from, target.bytes(), &target);
    ++s.lookups;
    s.rpcs_sum += static_cast<double>(r.rpcs);
    s.latency_sum += r.latency_ms;
    if (r.found) {
      ++s.found;
      s.hops_sum += r.hops;
      s.max_hops = std::max(s.max_hops, r.hops);
      s.hops.push_back(r.hops);
    }
  }
  return s;
}

void print(const char* name, const Summary& s, std::size_t n) {
  std::vector<int> h = s.hops;
  std::sort(h.begin(), h.end());
  int p99 = h.empty() ? 0 : h[std::min(h.size() - 1, h.size() * 99 / 100)];
  double success = s.lookups ? 100.0 * static_cast<double>(s.found) / static_cast<double>(s.lookups) : 0;
  int bound = static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
  std::printf(
      "{\"scenario\":\"%s\",\"peers\":%zu,\"lookups\":%zu,\"success_pct\":%.2f,\"mean_hops\":%.2f,\"p99_hops\":%d,"
      "\"max_hops\":%d,\"hop_bound\":%d,\"mean_rpcs\":%.1f,\"mean_virtual_ms\":%.0f,\"targets_met\":%s}\n",
      name, n, s.lookups, success, s.found ? s.hops_sum / static_cast<double>(s.found) : 0.0, p99, s.max_hops, bound,
      s.lookups ? s.rpcs_sum / static_cast<double>(s.lookups) : 0.0,
      s.lookups ? s.latency_sum / static_cast<double>(s.lookups) : 0.0,
      (success >= 99.0 && s.max_hops <= bound) ? "true" : "false");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t peers = 10000, lookups = 2000, alpha = 3, refresh = 1;
  double churn = 20;
  std::uint32_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--peers") peers = std::stoul(argv[i + 1]);
    else if (a == "--lookups") lookups = std::stoul(argv[i + 1]);
    else if (a == "--churn") churn = std::stod(argv[i + 1]);
    else if (a == "--alpha") alpha = std::stoul(argv[i + 1]);
    else if (a == "--refresh") refresh = std::stoul(argv[i + 1]);
    else if (a == "--seed") seed = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    else {
      std::fprintf(stderr, "usage: kad_sim [--peers N] [--lookups L] [--churn PCT] [--alpha A] [--refresh R] [--seed S]\n");
      return 2;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  SimNetwork net(peers, alpha, seed);
  net.build(refresh);
  auto t1 = std::chrono::steady_clock::now();
  std::fprintf(stderr, "built %zu peers in %.1f s, mean routing table size %.1f\n", peers,
               std::chrono::duration<double>(t1 - t0).count(), net.mean_table_size());
  net.churn(0);
  print("churn_0", run_lookups(net, lookups), peers);
  net.churn(churn / 100.0);
  char name[32];
  std::snprintf(name, sizeof name, "churn_%.0f", churn);
  print(name, run_lookups(net, lookups), peers);
  return 0;
}
