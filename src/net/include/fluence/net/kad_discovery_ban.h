// KadDiscoveryBan: nox's rule for discovering a peer's addresses (network.md §9.3): a peer
// whose discovery failed 3 times is not looked up again for 60 s, so that particles for
// unreachable peers do not keep the DHT busy. Pure: time is passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>

#include "fluence/core/peer_id.h"
#include "fluence/net/kad_routing_table.h"

namespace fluence::net {

struct KadDiscoveryBanConfig {
  std::size_t max_failures = 3;
  std::chrono::milliseconds ban{60000};
};

class KadDiscoveryBan {
 public:
  explicit KadDiscoveryBan(KadDiscoveryBanConfig config = {}) : config_(config) {}
  // True while `peer` is banned; an expired ban is lifted (and its failures forgotten).
  bool banned(const PeerId& peer, KadClock::time_point now);
  void failed(const PeerId& peer, KadClock::time_point now);
  void succeeded(const PeerId& peer) { entries_.erase(peer); }
  std::size_t tracked() const { return entries_.size(); }

 private:
  struct Entry {
    std::size_t failures = 0;
    KadClock::time_point until{};  // set once failures reach the limit
  };
  KadDiscoveryBanConfig config_;
  std::map<PeerId, Entry> entries_;
};

}  // namespace fluence::net
