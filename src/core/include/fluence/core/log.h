// Logging: spdlog with levels, configured once per process (FLUENCE_LOG or --log-level).
#pragma once

#include <string_view>

#include <spdlog/spdlog.h>

namespace fluence {

// Level names: trace, debug, info, warn, error, critical, off. Logs go to stderr.
void init_logging(std::string_view level = "info");

}  // namespace fluence
