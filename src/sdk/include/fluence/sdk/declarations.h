// The declarations a C/C++ module makes with FLUENCE_MARINE_DECLARE (sdk/include/fluence/
// marine_sdk.h), parsed, and turned into the canonical IT section of marine.md §5.1/§6.2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fluence/marine/it_section.h"

namespace fluence::sdk {

struct DeclaredFunction {
  std::string module;  // imports only
  std::string name;
  std::vector<marine::NamedType> arguments;
  std::vector<marine::IType> outputs;
};

struct ModuleDeclarations {
  std::vector<marine::RecordType> records;  // record i has IT type index 6 + i
  std::vector<DeclaredFunction> exports;
  std::vector<DeclaredFunction> imports;
};

// Parses the newline-separated declarations. Throws fluence::Error "line N: ..." on errors
// (unknown types or records, duplicate names, bad syntax).
ModuleDeclarations parse_declarations(const std::string& text);

// The interface-types section a Rust-SDK module with the same signatures would carry.
marine::ItSection generate_it(const ModuleDeclarations& decls, const std::string& it_version = "0.27.0");

// Reads the __fluence_marine_decl section of a raw module, and returns the module with it
// replaced by `interface-types` and `__fluence_sdk_version` sections.
std::vector<uint8_t> embed_interface(const std::vector<uint8_t>& wasm, const std::string& sdk_version = "0.14.0");

}  // namespace fluence::sdk
