// Service config parsing must give a value or a fluence::Error for any text.
#include <cstdint>
#include <string>

#include "fluence/core/error.h"
#include "fluence/marine/service_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    fluence::marine::parse_service_config(text, "/nonexistent-base", "fuzz.toml");
  } catch (const fluence::Error&) {
  }
  try {
    fluence::marine::parse_memory_size(text);
  } catch (const fluence::Error&) {
  }
  return 0;
}
