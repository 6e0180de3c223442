// The service configuration TOML (marine.md §13): modules in load order (the last is the
// facade), where to find them, their per-module config, and the total memory limit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fluence/marine/module_config.h"

namespace fluence::marine {

struct ModuleDescriptor {
  std::string name;
  std::string path;  // resolved path of the .wasm file
  ModuleConfig config;
};

struct ServiceConfig {
  std::vector<ModuleDescriptor> modules;
  uint64_t total_memory_limit = 0;  // bytes; 0 = "Infinity"
  std::string service_working_dir;   // base of relative mapped-dir host paths
};

// Parses config text; relative paths resolve against `base_dir`. Throws fluence::Error with
// "source:line:col: message" for syntax errors and a clear message for bad values. Unknown
// and legacy keys (mem_pages_count, max_heap_size, preopened_files, [default]) are accepted
// and ignored.
ServiceConfig parse_service_config(const std::string& text, const std::string& base_dir,
                                   const std::string& source_name = "Config.toml");
ServiceConfig load_service_config(const std::string& path);

// "64 MiB", "10 mb", "3 GiB", "1024", "Infinity" -> bytes (0 for Infinity).
uint64_t parse_memory_size(const std::string& text);

}  // namespace fluence::marine
