// Per-module runtime configuration (marine.md §13): logger, WASI environment and mapped
// directories, and the mounted binaries an effector module may run.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace fluence::marine {

struct ModuleConfig {
  bool logger_enabled = true;
  int32_t logging_mask = INT32_MAX;
  std::map<std::string, std::string> envs;             // WASI environment
  std::map<std::string, std::string> mapped_dirs;      // guest alias -> host path
  std::map<std::string, std::string> mounted_binaries; // import name -> host binary path
};

}  // namespace fluence::marine
