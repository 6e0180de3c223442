// Fuzzes base32_decode (both cases); decodable text is canonical, so it re-encodes unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool upper : {false, true}) {
    try {
      fluence::Bytes bytes = fluence::base32_decode(text, upper);
      bool padded = !text.empty() && text.back() == '=';
      FUZZ_CHECK(fluence::base32_encode(bytes, upper, padded) == text);
      FUZZ_CHECK(fluence::base32_decode(fluence::base32_encode(bytes, upper), upper) == bytes);
    } catch (const fluence::Error&) {
    }
  }
  return 0;
}
