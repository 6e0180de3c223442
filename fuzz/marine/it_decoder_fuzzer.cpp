// The IT section decoder must reject or accept any bytes without crashing; whatever it
// accepts (and validates) must re-encode to bytes that decode to the same section.
#include <cstdint>
#include <cstdlib>

#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/it_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluence::marine;
  ItSection s;
  try {
    s = decode_it_section(data, size);
  } catch (const fluence::Error&) {
    return 0;
  }
  (void)it_section_to_text(s);
  try {
    validate_it_section(s);
  } catch (const fluence::Error&) {
  }
  std::vector<uint8_t> enc;
  try {
    enc = encode_it_section(s);
  } catch (const fluence::Error&) {
    return 0;  // names of 256+ bytes cannot be decoded anyway
  }
  if (!(decode_it_section(enc.data(), enc.size()) == s)) abort();
  return 0;
}
