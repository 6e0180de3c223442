// Fuzzes decode_particle_body: whatever decodes re-encodes in the
// node's form and decodes to the same particle; malformed input only ever throws fluence::Error.
#include <cstddef>
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/node/particle_codec.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fluence::ByteView input(data, size);
  try {
    fluence::node::Particle p = fluence::node::decode_particle_body(input);
    fluence::Bytes again = fluence::node::encode_particle_body(p);
    FUZZ_CHECK(fluence::node::decode_particle_body(again) == p);
  } catch (const fluence::Error&) {
  }
  return 0;
}
