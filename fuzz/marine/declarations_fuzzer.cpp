// SDK declarations: parse any text; anything accepted must generate a valid, re-decodable
// IT section.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/sdk/declarations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluence;
  sdk::ModuleDeclarations d;
  try {
    d = sdk::parse_declarations(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const Error&) {
    return 0;
  }
  auto s = sdk::generate_it(d);
  marine::validate_it_section(s);
  auto enc = marine::encode_it_section(s);
  if (!(marine::decode_it_section(enc.data(), enc.size()) == s)) abort();
  return 0;
}
