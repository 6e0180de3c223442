// Fuzzes Multiaddr text and binary parsing; whatever parses round-trips through both forms.
#include <cstdint>
#include <string_view>

#include "fluence/core/error.h"
#include "fluence/net/multiaddr.h"
#include "fuzz_check.h"

using fluence::net::Multiaddr;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  try {
    auto a = Multiaddr::from_bytes({data, size});
    FUZZ_CHECK(Multiaddr::from_bytes(a.to_bytes()) == a);
    FUZZ_CHECK(Multiaddr::parse(a.to_string()) == a);
  } catch (const fluence::Error&) {
  }
  try {
    auto a = Multiaddr::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    FUZZ_CHECK(Multiaddr::from_bytes(a.to_bytes()) == a);
  } catch (const fluence::Error&) {
  }
  return 0;
}
