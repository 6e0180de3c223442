// Fuzzes Cid::from_bytes and Cid::parse; parsed CIDs survive printing and parsing again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fluence/core/cid.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  try {
    auto cid = fluence::Cid::from_bytes({data, size});
    auto bytes = cid.to_bytes();
    FUZZ_CHECK(std::equal(bytes.begin(), bytes.end(), data, data + size));
    FUZZ_CHECK(fluence::Cid::parse(cid.to_string()) == cid);
  } catch (const fluence::Error&) {
  }
  try {
    auto cid = fluence::Cid::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    FUZZ_CHECK(fluence::Cid::from_bytes(cid.to_bytes()) == cid);
    FUZZ_CHECK(fluence::Cid::parse(cid.to_string()) == cid);
  } catch (const fluence::Error&) {
  }
  return 0;
}
