// Fuzzes Multihash::from_bytes / read; a decoded multihash re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/core/multihash.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fluence::ByteView in(data, size);
  try {
    auto mh = fluence::Multihash::from_bytes(in);
    auto again = mh.to_bytes();
    FUZZ_CHECK(std::equal(again.begin(), again.end(), in.begin(), in.end()));
  } catch (const fluence::Error&) {
  }
  try {
    std::size_t pos = 0;
    auto mh = fluence::Multihash::read(in, pos);
    FUZZ_CHECK(pos <= size && mh.to_bytes().size() == pos);
  } catch (const fluence::Error&) {
  }
  return 0;
}
