// Particle: the unit that travels between Fluence peers (network.md §10): an AIR script, the
// interpreter data, and who started it when, signed by its initiator.
#pragma once

#include <cstdint>
#include <string>

#include "fluence/core/bytes.h"

namespace fluence::node {

struct Particle {
  std::string id;            // UUID text, chosen by the initiator
  std::string init_peer_id;  // base58 peer id of the initiator, who signed the particle
  std::uint64_t timestamp = 0;  // creation time, ms since the Unix epoch
  std::uint32_t ttl = 0;        // time to live, ms
  std::string script;           // AIR text
  Bytes signature;              // over id, timestamp, ttl, script (particle_signature.h)
  Bytes data;                   // interpreter data; the only field a peer may change

  bool operator==(const Particle&) const = default;
};

// The reference node's rule (§10.4): expired once timestamp + ttl < now, and also when that
// sum overflows. There is no check against timestamps in the future.
bool is_expired(const Particle& p, std::uint64_t now_ms);

// Milliseconds left before expiry at now_ms (0 when expired).
std::uint64_t remaining_ttl_ms(const Particle& p, std::uint64_t now_ms);

}  // namespace fluence::node
