// Fuzzes parse_json; canonical text of a parsed value parses back to the same canonical text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto value = fluence::parse_json(text);
    std::string canonical = fluence::canonical_json(value);
    auto again = fluence::parse_json(canonical);
    FUZZ_CHECK(fluence::canonical_json(again) == canonical);
  } catch (const fluence::Error&) {
  }
  return 0;
}
