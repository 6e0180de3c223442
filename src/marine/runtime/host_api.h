// Host API v0-v3 (marine.md §9): log_utf8_string, get_call_parameters and mounted binaries,
// registered in the namespaces host and __marine_host_api_v1..v3.
#pragma once

#include <string>

#include "fluence/marine/engine.h"
#include "loaded_module.h"

namespace fluence::marine {

// Host API version of an import namespace: 0..3, or -1 if it is not a host namespace.
int host_api_version(const std::string& ns);

// The host function for import (`ns`, `name`) of `module`. Throws fluence::Error when the
// module may not import it (logger disabled, binary not mounted).
HostFunction make_host_function(LoadedModule& module, int version, const std::string& name, const FuncSig& sig);

// Lowers call parameters in the record layout of a host API version; returns the pointer.
uint32_t lower_call_parameters(LoadedModule& module, int version, const CallParameters& params);

// Runs a mounted binary: spawns `path` with `args` (no shell), captures stdout and stderr.
struct BinaryResult {
  int32_t ret_code = 0;
  std::string error;
  std::string stdout_bytes, stderr_bytes;
};
BinaryResult run_binary(const std::string& path, const std::vector<std::string>& args);

}  // namespace fluence::marine
