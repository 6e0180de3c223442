// Test helper: the standard output of a shell command (interop tests drive node scripts).
#pragma once

#include <string>

#include "support/command_output.h"

namespace fluence::node::testing {

inline std::string process_output(const std::string& command) {
  return fluence::testing::run_command(command).out;
}

}  // namespace fluence::node::testing
