// Fuzzes base64_decode (standard and url); decoded bytes re-encode to the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool url : {false, true}) {
    try {
      fluence::Bytes bytes = fluence::base64_decode(text, url);
      bool padded = !text.empty() && text.back() == '=';
      FUZZ_CHECK(fluence::base64_encode(bytes, url, padded) == text);
    } catch (const fluence::Error&) {
    }
  }
  return 0;
}
