// The module instrumenter and section reader must reject malformed Wasm with an error.
#include <cstdint>
#include <vector>

#include "fluence/core/error.h"
#include "fluence/marine/instrument.h"
#include "fluence/marine/wasm_sections.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  wasm.insert(wasm.end(), data, data + size);
  try {
    fluence::marine::read_wasm_sections(wasm);
    fluence::marine::instrument_module(wasm);
  } catch (const fluence::Error&) {
  }
  return 0;
}
