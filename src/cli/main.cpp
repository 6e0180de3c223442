// The `fluence` command: one binary whose subcommands come from the layers (see commands.h).
#include <cstdlib>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "fluence/core/error.h"
#include "fluence/core/log.h"

int main(int argc, char** argv) {
  CLI::App app{"fluence: the Fluence peer-to-peer stack in C++ (Aqua, AIR, Marine, libp2p)"};
  app.require_subcommand(1);
  std::string log_level = std::getenv("FLUENCE_LOG") ? std::getenv("FLUENCE_LOG") : "warn";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
      ->envname("FLUENCE_LOG");
  app.set_version_flag("--version", "fluence 0.1.0");
  app.parse_complete_callback([&] { fluence::init_logging(log_level); });

  for (auto add : fluence::cli::registered_commands()) add(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const fluence::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
