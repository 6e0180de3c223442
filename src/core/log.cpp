#include "fluence/core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <string>

#include "fluence/core/error.h"

namespace fluence {

void init_logging(std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  // from_str maps unknown names to "off"; only accept the names we document.
  if (parsed == spdlog::level::off && level != "off") {
    throw_invalid("unknown log level '" + std::string(level) +
                  "' (trace, debug, info, warn, error, critical, off)");
  }
  auto logger = spdlog::get("fluence");
  if (!logger) {
    logger = spdlog::stderr_color_mt("fluence");
    spdlog::set_default_logger(logger);
  }
  logger->set_level(parsed);
  spdlog::set_level(parsed);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
}

}  // namespace fluence
