// Marine: the runtime core that loads Marine modules into one engine store, links them
// (shared-nothing, through IT adapters), provides the host API and WASI, and calls their
// IT functions (marine.md §2, §5-§12). Calls are not thread-safe: serialize per instance.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fluence/marine/call_parameters.h"
#include "fluence/marine/engine.h"
#include "fluence/marine/ivalue.h"
#include "fluence/marine/module_config.h"
#include "fluence/marine/module_interface.h"

namespace fluence::marine {

// Which engine backend runs the modules.
enum class Tier { kInterpreter, kAot, kAuto };

struct RuntimeOptions {
  Tier tier = Tier::kInterpreter;
  // Total limit for all modules' linear memories (bytes); 0 = no limit (4 GiB per module).
  uint64_t total_memory_limit = 0;
  // Instructions budget (loop iterations + calls) per top-level call; 0 = unlimited.
  // A call that exceeds it is interrupted with an error, and the module stays usable.
  uint64_t fuel_per_call = 0;
  // Where the AOT tier caches shared objects (default: $XDG_CACHE_HOME/fluence/marine-aot).
  std::string aot_cache_dir;
  // Receives log lines from modules (log_utf8_string); default: spdlog with the module name.
  std::function<void(const std::string& module, int level, const std::string& message)> log_sink;
};

struct ModuleStats {
  std::string name;
  uint64_t memory_bytes = 0;
  std::string engine;
};

struct MemoryStats {
  std::vector<ModuleStats> modules;
  uint64_t allocation_rejects = 0;  // growths refused by the limiter (approximate: see marine.cpp)
};

// Facts about a Marine module read without instantiating it (marine info).
struct ModuleInfo {
  std::string sdk_version;
  std::string it_version;
  std::string manifest_text;  // empty when absent
};
ModuleInfo read_module_info(const std::vector<uint8_t>& wasm);

class Marine {
 public:
  explicit Marine(RuntimeOptions options = {});
  ~Marine();
  Marine(const Marine&) = delete;
  Marine& operator=(const Marine&) = delete;

  // Loads, links and initialises a module (the checks of marine.md §2.5). Throws
  // fluence::Error with a clear message; a failed load leaves the other modules intact.
  void load_module(const std::string& name, const std::vector<uint8_t>& wasm, const ModuleConfig& config);
  void unload_module(const std::string& name);
  bool has_module(const std::string& name) const;
  std::vector<std::string> module_names() const;

  // Calls an exported IT function. Throws fluence::Error (WasmTrap for traps).
  std::vector<IValue> call(const std::string& module, const std::string& function,
                           const std::vector<IValue>& args, const CallParameters& params = {});

  ModuleInterface module_interface(const std::string& module) const;
  const FunctionSignature& function_signature(const std::string& module, const std::string& function) const;
  const ModuleConfig& module_config(const std::string& module) const;
  MemoryStats memory_stats() const;
  // The engine actually used for a module ("interpreter" or "aot").
  std::string engine_of(const std::string& module) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluence::marine
