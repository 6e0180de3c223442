// Fuzzes multibase_decode; decoded data re-encodes with the same base to the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/error.h"
#include "fluence/core/multibase.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto decoded = fluence::multibase_decode(text);
    std::string again = fluence::multibase_encode(decoded.base, decoded.data);
    FUZZ_CHECK(again == text);
  } catch (const fluence::Error&) {
  }
  return 0;
}
