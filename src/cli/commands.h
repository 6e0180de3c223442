// Each layer contributes `fluence` subcommands from its own src/cli/<layer>_commands.cpp, which
// registers an adder with a static CommandRegistration; main() adds them in `order`.
#pragma once

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

namespace fluence::cli {

using CommandAdder = void (*)(CLI::App& app);

struct CommandRegistration {
  CommandRegistration(int order, CommandAdder adder);
};

// The adders registered so far, sorted by order.
std::vector<CommandAdder> registered_commands();

}  // namespace fluence::cli
