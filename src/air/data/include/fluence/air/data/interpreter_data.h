// InterpreterData: the decoded particle data (air.md §9.1) that the interpreter reads from
// prev_data/current_data and writes back.
#pragma once

#include <cstdint>
#include <string>

#include "fluence/air/data/cid_info.h"
#include "fluence/air/data/executed_state.h"
#include "fluence/air/data/signature_store.h"

namespace fluence::air {

// Versions written by this implementation (AquaVM 0.62.0, interpreter-data 0.17.2).
inline constexpr const char* kDataFormatVersion = "0.17.2";
inline constexpr const char* kInterpreterVersion = "0.62.0";
// current_data produced by an older interpreter is rejected (error 6).
inline constexpr const char* kMinSupportedInterpreterVersion = "0.61.0";

struct InterpreterData {
  Trace trace;
  // Taken from prev_data only; new request ids continue from it (air.md §7.7).
  std::uint32_t last_call_request_id = 0;
  CidInfo cid_info;
  SignatureStore signatures;
  bool operator==(const InterpreterData&) const = default;
};

}  // namespace fluence::air
