// Fuzzes Libp2pKey::decode; a decoded key re-encodes deterministically and decodes the same.
#include <cstddef>
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/core/libp2p_key.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto key = fluence::Libp2pKey::decode({data, size});
    FUZZ_CHECK(fluence::Libp2pKey::decode(key.encode()) == key);
  } catch (const fluence::Error&) {
  }
  return 0;
}
