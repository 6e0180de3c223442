// Fuzzes PeerId::parse (text) and PeerId::from_bytes; ids print and re-parse to themselves.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/error.h"
#include "fluence/core/peer_id.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  try {
    auto id = fluence::PeerId::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    FUZZ_CHECK(fluence::PeerId::parse(id.to_base58()) == id);
    (void)id.public_key();
    (void)id.ed25519_public_key();
  } catch (const fluence::Error&) {
  }
  try {
    auto id = fluence::PeerId::from_bytes({data, size});
    FUZZ_CHECK(fluence::PeerId::parse(id.to_base58()) == id);
    if (auto key = id.public_key()) {
      if (key->encode().size() <= 42) {
        FUZZ_CHECK(fluence::PeerId::from_public_key(*key).public_key() == key);
      }
    }
  } catch (const fluence::Error&) {
  }
  return 0;
}
