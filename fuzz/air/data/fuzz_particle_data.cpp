// Particle data as current_data: envelope, archive, CID stores and signatures. Whatever
// decodes must re-encode to data that decodes to the same content.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/signatures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fluence::air;
  DecodedParticleData decoded;
  try {
    decoded = decode_particle_data(fluence::ByteView(data, size), true);
  } catch (const DataError&) {
    return 0;
  }
  try {
    verify_cid_info(decoded.data.cid_info);
    verify_signatures(decoded.data, "fuzz");
  } catch (const DataError&) {
  }
  // Texts cut inside a UTF-8 sequence can come out of the reference's Rc quirk (a later
  // reference claiming a shorter length); such data does not decode again. Anything that does
  // must be unchanged.
  fluence::Bytes again = encode_particle_data(decoded.data);
  try {
    if (!(decode_particle_data(again, true).data == decoded.data)) std::abort();
  } catch (const DataError& e) {
    if (e.code() != 2) std::abort();
  }
  return 0;
}
