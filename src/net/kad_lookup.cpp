#include "fluence/net/kad_lookup.h"

#include <algorithm>

namespace fluence::net {

KadLookup::KadLookup(const KadKey& target, const std::vector<KadPeerHint>& seeds, const PeerId& self,
                     KadLookupConfig config)
    : target_(target), self_(self), config_(config) {
  for (const auto& s : seeds) add(s, 1);
}

void KadLookup::add(const KadPeerHint& hint, int depth) {
  if (hint.peer == self_) return;
  KadKey d = kad_distance(kad_key(hint.peer), target_);
  auto it = candidates_.find(d);
  if (it != candidates_.end()) {
    for (const auto& a : hint.addrs)
      if (std::find(it->second.addrs.begin(), it->second.addrs.end(), a) == it->second.addrs.end())
        it->second.addrs.push_back(a);
    return;
  }
  // Bound memory: far candidates beyond a generous multiple of k are never queried anyway.
  if (candidates_.size() >= config_.k * 8) {
    auto last = std::prev(candidates_.end());
    if (!(d < last->first)) return;
    if (last->second.state != KadCandidate::State::kInFlight) candidates_.erase(last);
  }
  candidates_.emplace(d, KadCandidate{hint.peer, hint.addrs, depth, KadCandidate::State::kNew});
}

KadCandidate* KadLookup::by_peer(const PeerId& peer) {
  auto it = candidates_.find(kad_distance(kad_key(peer), target_));
  return it == candidates_.end() ? nullptr : &it->second;
}

const KadCandidate* KadLookup::seen(const PeerId& peer) const {
  auto it = candidates_.find(kad_distance(kad_key(peer), target_));
  return it == candidates_.end() ? nullptr : &it->second;
}

std::vector<KadCandidate> KadLookup::next() {
  std::vector<KadCandidate> out;
  std::size_t considered = 0;
  for (auto& [d, c] : candidates_) {
    if (in_flight_ >= config_.alpha || considered >= config_.k) break;
    if (c.state == KadCandidate::State::kFailed) continue;
    ++considered;
    if (c.state != KadCandidate::State::kNew) continue;
    c.state = KadCandidate::State::kInFlight;
    ++in_flight_;
    ++queries_;
    out.push_back(c);
  }
  return out;
}

void KadLookup::on_response(const PeerId& from, const std::vector<KadPeerHint>& closer) {
  auto* c = by_peer(from);
  if (!c || c->state != KadCandidate::State::kInFlight) return;
  c->state = KadCandidate::State::kAnswered;
  --in_flight_;
  int depth = c->depth + 1;
  for (const auto& h : closer) add(h, depth);
}

void KadLookup::on_failure(const PeerId& from) {
  auto* c = by_peer(from);
  if (!c || c->state != KadCandidate::State::kInFlight) return;
  c->state = KadCandidate::State::kFailed;
  --in_flight_;
}

bool KadLookup::done() const {
  std::size_t considered = 0;
  for (const auto& [d, c] : candidates_) {
    if (considered >= config_.k) break;
    if (c.state == KadCandidate::State::kFailed) continue;
    ++considered;
    if (c.state != KadCandidate::State::kAnswered) return false;
  }
  return true;
}

std::vector<KadCandidate> KadLookup::result() const {
  std::vector<KadCandidate> out;
  for (const auto& [d, c] : candidates_) {
    if (out.size() >= config_.k) break;
    if (c.state == KadCandidate::State::kAnswered) out.push_back(c);
  }
  return out;
}

}  // namespace fluence::net
