// The host interface of the AIR interpreter (air.md §2): one pure function that runs a script
// over prev/current particle data and the results of earlier service calls, exactly like
// AquaVM 0.62's `invoke` export.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::air {

// RunParameters (§2.2), field order as the reference's record.
struct RunParameters {
  std::string init_peer_id;
  std::string current_peer_id;
  std::uint64_t timestamp = 0;
  std::uint32_t ttl = 0;
  std::uint8_t key_format = 0;  // 0 = Ed25519, the only accepted format
  Bytes secret_key_bytes;       // 32-byte Ed25519 seed of the current peer
  std::string particle_id;      // the salt of signatures
  std::uint64_t air_size_limit = std::uint64_t{16} << 20;
  std::uint64_t particle_size_limit = std::uint64_t{64} << 20;
  std::uint64_t call_result_size_limit = std::uint64_t{32} << 20;
  bool hard_limit_enabled = false;
};

// InterpreterOutcome (§2.3).
struct InterpreterOutcome {
  std::int64_t ret_code = 0;
  std::string error_message;
  Bytes data;
  std::vector<std::string> next_peer_pks;  // de-duplicated; order unspecified
  Bytes call_requests;                     // multicodec-prefixed MessagePack (§2.5)
  bool air_size_limit_exceeded = false;
  bool particle_size_limit_exceeded = false;
  bool call_result_size_limit_exceeded = false;
};

// Runs `air` once (§3). Never throws for bad input: every problem becomes an outcome with the
// reference's error code. `call_results` is the multicodec-prefixed MessagePack map of §2.4.
InterpreterOutcome invoke(std::string_view air, ByteView prev_data, ByteView current_data,
                          const RunParameters& params, ByteView call_results);

}  // namespace fluence::air
