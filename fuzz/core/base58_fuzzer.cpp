// Fuzzes base58btc_decode; whatever decodes must encode back to the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Base58 is quadratic by nature; it only ever carries keys and ids, so keep inputs short.
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    fluence::Bytes bytes = fluence::base58btc_decode(text);
    FUZZ_CHECK(fluence::base58btc_encode(bytes) == text);
  } catch (const fluence::Error&) {
  }
  // And any bytes survive encode -> decode.
  fluence::ByteView raw(data, size);
  fluence::Bytes back = fluence::base58btc_decode(fluence::base58btc_encode(raw));
  FUZZ_CHECK(std::equal(back.begin(), back.end(), raw.begin(), raw.end()));
  return 0;
}
