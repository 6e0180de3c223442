#include "fluence/node/particle.h"

#include <limits>

namespace fluence::node {

namespace {

// timestamp + ttl, or nullopt-like max when the sum overflows u64 (which counts as expired).
bool deadline(const Particle& p, std::uint64_t& out) {
  if (p.timestamp > std::numeric_limits<std::uint64_t>::max() - p.ttl) return false;
  out = p.timestamp + p.ttl;
  return true;
}

}  // namespace

bool is_expired(const Particle& p, std::uint64_t now_ms) {
  std::uint64_t end = 0;
  if (!deadline(p, end)) return true;
  return end < now_ms;
}

std::uint64_t remaining_ttl_ms(const Particle& p, std::uint64_t now_ms) {
  std::uint64_t end = 0;
  if (!deadline(p, end) || end <= now_ms) return 0;
  return end - now_ms;
}

}  // namespace fluence::node
