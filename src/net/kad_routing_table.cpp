#include "fluence/net/kad_routing_table.h"

#include <sodium.h>

#include <algorithm>

namespace fluence::net {

KadKey kad_key(ByteView preimage) { return sha256(preimage); }

KadKey kad_distance(const KadKey& a, const KadKey& b) {
  KadKey d;
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = a[i] ^ b[i];
  return d;
}

int kad_bucket_index(const KadKey& a, const KadKey& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint8_t x = a[i] ^ b[i];
    if (x != 0) {
      int bit = 7;
      while (!(x & (1u << bit))) --bit;
      return static_cast<int>((31 - i) * 8) + bit;
    }
  }
  return -1;
}

bool kad_closer(const KadKey& a, const KadKey& b, const KadKey& target) {
  for (std::size_t i = 0; i < target.size(); ++i) {
    std::uint8_t da = a[i] ^ target[i], db = b[i] ^ target[i];
    if (da != db) return da < db;
  }
  return false;
}

KadRoutingTable::KadRoutingTable(const PeerId& self, KadTableConfig config)
    : self_(self), self_key_(kad_key(self)), config_(config) {}

void KadRoutingTable::apply_pending(Bucket& bucket, KadClock::time_point now) {
  if (!bucket.pending || now - bucket.pending_since < config_.pending_timeout) return;
  auto lrs = std::find_if(bucket.entries.begin(), bucket.entries.end(), [](const KadEntry& e) { return !e.connected; });
  if (lrs != bucket.entries.end()) {
    bucket.entries.erase(lrs);
    bucket.entries.push_back(std::move(*bucket.pending));
  }
  bucket.pending.reset();
}

KadRoutingTable::Update KadRoutingTable::update(const PeerId& peer, const std::vector<Multiaddr>& addrs, bool connected,
                                                KadClock::time_point now) {
  KadKey key = kad_key(peer);
  int index = kad_bucket_index(self_key_, key);
  if (index < 0) return Update::kSelf;
  Bucket& bucket = buckets_[static_cast<std::size_t>(index)];
  apply_pending(bucket, now);
  auto it = std::find_if(bucket.entries.begin(), bucket.entries.end(), [&](const KadEntry& e) { return e.peer == peer; });
  if (it != bucket.entries.end()) {
    KadEntry e = std::move(*it);
    bucket.entries.erase(it);
    for (const auto& a : addrs)
      if (std::find(e.addrs.begin(), e.addrs.end(), a) == e.addrs.end()) e.addrs.push_back(a);
    e.connected = connected;
    e.failures = 0;
    bucket.entries.push_back(std::move(e));
    return Update::kUpdated;
  }
  KadEntry entry{peer, key, addrs, connected};
  if (bucket.entries.size() < config_.k) {
    bucket.entries.push_back(std::move(entry));
    return Update::kInserted;
  }
  bool has_disconnected =
      std::any_of(bucket.entries.begin(), bucket.entries.end(), [](const KadEntry& e) { return !e.connected; });
  if (!has_disconnected) return Update::kFull;
  if (!bucket.pending || bucket.pending->peer != peer) {
    bucket.pending = std::move(entry);
    bucket.pending_since = now;
  }
  return Update::kPending;
}

void KadRoutingTable::set_connected(const PeerId& peer, bool connected, KadClock::time_point now) {
  KadKey key = kad_key(peer);
  int index = kad_bucket_index(self_key_, key);
  if (index < 0) return;
  Bucket& bucket = buckets_[static_cast<std::size_t>(index)];
  for (auto& e : bucket.entries)
    if (e.peer == peer) e.connected = connected;
  // Once no entry is disconnected any more, a pending newcomer has nobody to replace (§9.1).
  if (std::all_of(bucket.entries.begin(), bucket.entries.end(), [](const KadEntry& e) { return e.connected; }))
    bucket.pending.reset();
  apply_pending(bucket, now);
}

void KadRoutingTable::remove(const PeerId& peer) {
  int index = kad_bucket_index(self_key_, kad_key(peer));
  if (index < 0) return;
  auto& entries = buckets_[static_cast<std::size_t>(index)].entries;
  entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const KadEntry& e) { return e.peer == peer; }),
                entries.end());
}

bool KadRoutingTable::record_failure(const PeerId& peer, KadClock::time_point now) {
  int index = kad_bucket_index(self_key_, kad_key(peer));
  if (index < 0) return false;
  Bucket& bucket = buckets_[static_cast<std::size_t>(index)];
  auto it = std::find_if(bucket.entries.begin(), bucket.entries.end(), [&](const KadEntry& e) { return e.peer == peer; });
  if (it == bucket.entries.end()) return false;
  it->connected = false;
  if (++it->failures < config_.max_failures) {
    apply_pending(bucket, now);
    return false;
  }
  bucket.entries.erase(it);
  if (bucket.pending) {
    bucket.entries.push_back(std::move(*bucket.pending));
    bucket.pending.reset();
  }
  return true;
}

std::vector<KadEntry> KadRoutingTable::closest(const KadKey& target, std::size_t count, const PeerId* exclude) const {
  std::vector<const KadEntry*> all;
  for (const auto& b : buckets_)
    for (const auto& e : b.entries)
      if (!exclude || e.peer != *exclude) all.push_back(&e);
  std::size_t n = std::min(count, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [&](const KadEntry* a, const KadEntry* b) { return kad_closer(a->key, b->key, target); });
  std::vector<KadEntry> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(*all[i]);
  return out;
}

const KadEntry* KadRoutingTable::find(const PeerId& peer) const {
  int index = kad_bucket_index(self_key_, kad_key(peer));
  if (index < 0) return nullptr;
  for (const auto& e : buckets_[static_cast<std::size_t>(index)].entries)
    if (e.peer == peer) return &e;
  return nullptr;
}

std::size_t KadRoutingTable::size() const {
  std::size_t n = 0;
  for (const auto& b : buckets_) n += b.entries.size();
  return n;
}

std::vector<int> KadRoutingTable::non_empty_buckets() const {
  std::vector<int> out;
  for (int i = 0; i < 256; ++i)
    if (!buckets_[static_cast<std::size_t>(i)].entries.empty()) out.push_back(i);
  return out;
}

KadKey KadRoutingTable::random_key_in_bucket(int index) const {
  // distance d: bit `index` set, higher bits clear, lower bits random.
  KadKey d;
  randombytes_buf(d.data(), d.size());
  int byte = 31 - index / 8;
  int bit = index % 8;
  for (int i = 0; i < byte; ++i) d[static_cast<std::size_t>(i)] = 0;
  std::uint8_t mask = static_cast<std::uint8_t>((1u << bit) - 1);
  d[static_cast<std::size_t>(byte)] = static_cast<std::uint8_t>((d[static_cast<std::size_t>(byte)] & mask) | (1u << bit));
  return kad_distance(self_key_, d);
}

}  // namespace fluence::net
