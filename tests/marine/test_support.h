// Helpers shared by the marine tests: file access, running node, locating the interop
// packages (tests/interop/marine/node_modules).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>
#include "support/command_output.h"

namespace fluence::marine::testing {

inline std::string source_dir() { return FLUENCE_MARINE_SOURCE_DIR; }
inline std::string fixture_dir() { return FLUENCE_MARINE_FIXTURE_DIR; }

// Throws when the file is missing, so a test never runs on an empty module by accident.
inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), {});
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

inline std::string interop_dir() { return source_dir() + "/tests/interop/marine"; }

inline bool interop_available() {
  return std::filesystem::exists(interop_dir() + "/node_modules/@fluencelabs/marine-js");
}

// Interop tests skip only outside CI when the npm packages are missing.
inline bool must_skip_interop() { return !interop_available() && std::getenv("CI") == nullptr; }

inline std::string avm_wasm_path() { return interop_dir() + "/node_modules/@fluencelabs/avm/dist/avm.wasm"; }

// Runs a command and returns its stdout; sets `status` (its exit code).
inline std::string run_command(const std::string& cmd, int& status) {
  fluence::testing::CommandOutput r = fluence::testing::run_command(cmd);
  status = r.status;
  return std::move(r.out);
}

inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("fluence-marine-" + std::to_string(::getpid()) + "-" + name)).string();
}

}  // namespace fluence::marine::testing
