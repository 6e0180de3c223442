// WASI preview1 for one module (marine.md §10): environment, empty args, clocks, random,
// stdout/stderr, and a file system confined to the mapped directories. Functions the
// sandbox does not offer answer ENOSYS; nothing else of the host is reachable.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fluence/marine/engine.h"

namespace fluence::marine {

class WasiContext {
 public:
  // `memory` gives the module's engine instance once it exists.
  WasiContext(std::vector<std::string> env, const std::map<std::string, std::string>& mapped_dirs,
              std::function<EngineInstance*()> memory);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // The host function for import wasi_snapshot_preview1.`name` with signature `sig`. Unknown
  // names get a stub answering ENOSYS (52), so modules importing the whole API still load.
  HostFunction function(const std::string& name, const FuncSig& sig);

  const std::vector<std::string>& env() const { return env_; }
  std::vector<std::pair<std::string, std::string>> preopens() const;  // (guest alias, host path)

  struct Impl;

 private:
  std::vector<std::string> env_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluence::marine
