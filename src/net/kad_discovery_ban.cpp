#include "fluence/net/kad_discovery_ban.h"

namespace fluence::net {

bool KadDiscoveryBan::banned(const PeerId& peer, KadClock::time_point now) {
  auto it = entries_.find(peer);
  if (it == entries_.end() || it->second.failures < config_.max_failures) return false;
  if (now < it->second.until) return true;
  entries_.erase(it);
  return false;
}

void KadDiscoveryBan::failed(const PeerId& peer, KadClock::time_point now) {
  // Bounded: a peer is tracked only between its first failure and its ban's end, and the map
  // is pruned of lifted bans whenever it grows large.
  if (entries_.size() >= 4096) {
    for (auto it = entries_.begin(); it != entries_.end();)
      it = (it->second.failures >= config_.max_failures && now >= it->second.until) ? entries_.erase(it) : std::next(it);
    if (entries_.size() >= 4096) entries_.erase(entries_.begin());
  }
  auto& e = entries_[peer];
  if (e.failures >= config_.max_failures) return;  // already banned
  if (++e.failures == config_.max_failures) e.until = now + config_.ban;
}

}  // namespace fluence::net
