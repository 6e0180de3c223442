// The parameters of the current call that a module can read with get_call_parameters
// (marine.md §9.3): the particle, the called service, the host and argument provenance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fluence::marine {

struct SecurityTetraplet {
  std::string peer_pk, service_id, function_name, lens;
};

struct ParticleParameters {
  std::string id, init_peer_id;
  uint64_t timestamp = 0;
  uint32_t ttl = 0;
  std::string script;
  std::vector<uint8_t> signature;
  std::string token;
};

struct CallParameters {
  ParticleParameters particle;
  std::string service_id, service_creator_peer_id, host_id, worker_id;
  std::vector<std::vector<SecurityTetraplet>> tetraplets;
};

}  // namespace fluence::marine
