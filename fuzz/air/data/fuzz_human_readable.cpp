// The human-readable rendering of arbitrary particle data (what `fluence air data` prints).
#include <cstddef>
#include <cstdint>

#include "fluence/air/data/human_readable.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fluence::air::to_human_readable_data(fluence::ByteView(data, size));
  } catch (const fluence::air::DataError&) {
  }
  return 0;
}
