// Kademlia routing table (network.md §9.1): 256 k-buckets over SHA-256 keys with XOR distance,
// least-recently-seen order, and pending replacement of disconnected entries. Pure: time is
// passed in, so the same code runs on the real clock and in bench/kad-sim's virtual clock.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "fluence/core/hash.h"
#include "fluence/core/peer_id.h"
#include "fluence/net/multiaddr.h"

namespace fluence::net {

using KadKey = Digest32;
using KadClock = std::chrono::steady_clock;

KadKey kad_key(ByteView preimage);  // SHA-256
inline KadKey kad_key(const PeerId& peer) { return kad_key(peer.bytes()); }
KadKey kad_distance(const KadKey& a, const KadKey& b);
// Index of the highest set bit of the distance (0..255); -1 for identical keys.
int kad_bucket_index(const KadKey& a, const KadKey& b);
// True if distance(a, target) < distance(b, target).
bool kad_closer(const KadKey& a, const KadKey& b, const KadKey& target);

struct KadEntry {
  PeerId peer;
  KadKey key;
  std::vector<Multiaddr> addrs;
  bool connected = false;
  std::size_t failures = 0;  // queries in a row that failed
};

struct KadTableConfig {
  std::size_t k = 20;
  std::chrono::milliseconds pending_timeout{60000};
  // Consecutive failed queries after which a peer leaves the table (rust-libp2p drops an
  // entry once its addresses failed; we allow a few transient failures first).
  std::size_t max_failures = 3;
};

class KadRoutingTable {
 public:
  KadRoutingTable(const PeerId& self, KadTableConfig config = {});

  enum class Update { kInserted, kUpdated, kPending, kFull, kSelf };
  // Records that `peer` (known to serve the DHT) was seen; moves it to the most-recent end.
  Update update(const PeerId& peer, const std::vector<Multiaddr>& addrs, bool connected, KadClock::time_point now);
  void set_connected(const PeerId& peer, bool connected, KadClock::time_point now);
  void remove(const PeerId& peer);
  // A query to `peer` failed: it now counts as disconnected, and after max_failures failures
  // in a row it is removed (its bucket's pending newcomer, if any, takes the slot at once).
  // Returns true if it was removed. A later update() (an answer) resets the count.
  bool record_failure(const PeerId& peer, KadClock::time_point now);
  // Up to `count` entries closest to `target`, nearest first, excluding `exclude`.
  std::vector<KadEntry> closest(const KadKey& target, std::size_t count, const PeerId* exclude = nullptr) const;
  const KadEntry* find(const PeerId& peer) const;
  std::size_t size() const;
  // Indices of buckets that hold at least one entry (for refresh).
  std::vector<int> non_empty_buckets() const;
  // A random key whose distance to our own key falls into bucket `index`.
  KadKey random_key_in_bucket(int index) const;
  const KadKey& self_key() const { return self_key_; }
  std::size_t k() const { return config_.k; }

 private:
  struct Bucket {
    std::vector<KadEntry> entries;  // least recently seen first
    std::optional<KadEntry> pending;
    KadClock::time_point pending_since{};
  };
  void apply_pending(Bucket& bucket, KadClock::time_point now);

  PeerId self_;
  KadKey self_key_;
  KadTableConfig config_;
  std::array<Bucket, 256> buckets_;
};

}  // namespace fluence::net
