// The rkyv-layout archive reader alone (the bytes of inner_data): validation must reject
// everything it cannot read safely; what it accepts round-trips through the writer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/signatures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fluence::air;
  InterpreterData decoded;
  try {
    decoded = decode_inner_data(fluence::ByteView(data, size));
  } catch (const DataError&) {
    return 0;
  }
  try {
    merge_signatures(decoded, decoded);
  } catch (const DataError&) {
  }
  // See fuzz_particle_data.cpp: re-decoding may only fail on texts cut inside UTF-8.
  fluence::Bytes again = encode_inner_data(decoded);
  try {
    if (!(decode_inner_data(again) == decoded)) std::abort();
  } catch (const DataError& e) {
    if (e.code() != 2) std::abort();
  }
  return 0;
}
