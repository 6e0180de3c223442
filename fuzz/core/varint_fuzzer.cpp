// Fuzzes read_uvarint / try_read_uvarint: a varint that decodes re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/core/varint.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fluence::ByteView in(data, size);
  std::size_t pos = 0;
  try {
    while (pos < in.size()) {
      std::size_t start = pos;
      std::uint64_t v = fluence::read_uvarint(in, pos);
      fluence::Bytes again = fluence::encode_uvarint(v);
      FUZZ_CHECK(again.size() == pos - start);
      FUZZ_CHECK(std::equal(again.begin(), again.end(), in.begin() + static_cast<long>(start)));
    }
  } catch (const fluence::Error&) {
  }
  try {
    std::size_t p = 0;
    auto v = fluence::try_read_uvarint(in, p);
    if (!v) FUZZ_CHECK(p == 0);
  } catch (const fluence::Error&) {
  }
  return 0;
}
