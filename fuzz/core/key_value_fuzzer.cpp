// Fuzzes parse_key_value (base58/base64 seeds and key pairs); a parsed key re-parses from its
// own base64 seed and base58 key pair.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fluence/core/key_file.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1024) return 0;
  try {
    auto key = fluence::parse_key_value(std::string_view(reinterpret_cast<const char*>(data), size));
    FUZZ_CHECK(fluence::parse_key_value(fluence::base64_encode(key.seed())).public_key() ==
               key.public_key());
    FUZZ_CHECK(fluence::parse_key_value(fluence::base58btc_encode(key.keypair_bytes()))
                   .public_key() == key.public_key());
  } catch (const fluence::Error&) {
  }
  return 0;
}
