// Each layer contributes its `fluence` subcommands through one add_*_commands function.
#pragma once

#include <CLI/CLI.hpp>

namespace fluence::cli {

void add_key_commands(CLI::App& app);   // key: new, show (core)

}  // namespace fluence::cli
