// Feeds arbitrary bytes to the Aqua compiler: it must report errors or compile, never crash,
// hang or allocate without bound. The first byte selects options so they are fuzzed too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fluence/aqua/compiler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  fluence::aqua::CompileOptions opts;
  opts.no_xor = (data[0] & 1) != 0;
  opts.no_relay = (data[0] & 2) != 0;
  opts.no_empty_response = (data[0] & 4) == 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  // A virtual path in a folder that does not exist: imports resolve only to the built-in library.
  auto result = fluence::aqua::compile_string(text, "/nonexistent-fuzz-dir/fuzz.aqua", opts);
  for (const auto& f : result.functions) {
    if (f.air.empty()) __builtin_trap();
  }
  return 0;
}
