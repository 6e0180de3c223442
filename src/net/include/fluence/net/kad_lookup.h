// An iterative Kademlia lookup (network.md §9.1) as an I/O-free state machine: it says whom to
// query next (at most alpha at a time) and absorbs answers, until the k closest peers seen
// have all answered. Drives both the real network (KadService) and bench/kad-sim.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "fluence/net/kad_routing_table.h"

namespace fluence::net {

struct KadLookupConfig {
  std::size_t k = 20;
  std::size_t alpha = 3;
};

struct KadCandidate {
  enum class State { kNew, kInFlight, kAnswered, kFailed };
  PeerId peer;
  std::vector<Multiaddr> addrs;
  int depth = 1;  // query round in which this peer is (or would be) asked: seeds are 1
  State state = State::kNew;
};

struct KadPeerHint {
  PeerId peer;
  std::vector<Multiaddr> addrs;
};

class KadLookup {
 public:
  KadLookup(const KadKey& target, const std::vector<KadPeerHint>& seeds, const PeerId& self, KadLookupConfig config = {});

  // The peers to query now; they are marked in flight.
  std::vector<KadCandidate> next();
  void on_response(const PeerId& from, const std::vector<KadPeerHint>& closer);
  void on_failure(const PeerId& from);
  bool done() const;

  // The k closest peers that answered, nearest first.
  std::vector<KadCandidate> result() const;
  // The candidate entry for `peer` if it was seen (answered or not).
  const KadCandidate* seen(const PeerId& peer) const;
  std::size_t in_flight() const { return in_flight_; }
  std::size_t queries() const { return queries_; }

 private:
  KadCandidate* by_peer(const PeerId& peer);
  void add(const KadPeerHint& hint, int depth);

  KadKey target_;
  PeerId self_;
  KadLookupConfig config_;
  std::map<KadKey, KadCandidate> candidates_;  // keyed by distance to the target
  std::size_t in_flight_ = 0;
  std::size_t queries_ = 0;
};

}  // namespace fluence::net
