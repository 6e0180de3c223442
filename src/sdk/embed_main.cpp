// fluence-marine-embed IN.wasm OUT.wasm: the SDK build step. Reads the declarations a C/C++
// module made with FLUENCE_MARINE_DECLARE and writes the module with its `interface-types`
// and `__fluence_sdk_version` sections (used by CMake's fluence_add_marine_module).
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>

#include "fluence/sdk/declarations.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fluence-marine-embed IN.wasm OUT.wasm\n";
    return 2;
  }
  try {
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    std::vector<uint8_t> wasm((std::istreambuf_iterator<char>(in)), {});
    auto out = fluence::sdk::embed_interface(wasm);
    std::ofstream o(argv[2], std::ios::binary);
    o.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    if (!o) throw std::runtime_error(std::string("cannot write ") + argv[2]);
  } catch (const std::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
