// Minimal reader/writer of the Wasm binary container: lists sections, finds custom sections
// by name, and replaces or appends custom sections (used to find the IT section and by the
// SDK build step). It does not decode code; the engine does that.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fluence::marine {

struct WasmSection {
  uint8_t id = 0;
  std::string name;       // custom sections only
  size_t offset = 0;      // of the payload (after the name for custom sections)
  size_t size = 0;        // of the payload
  size_t start = 0;       // of the section id byte
  size_t end = 0;         // one past the section
};

// Splits a module into sections. Throws fluence::Error for a bad header or a section that
// runs past the end.
std::vector<WasmSection> read_wasm_sections(const std::vector<uint8_t>& wasm);

// Payloads of all custom sections with this name, in order.
std::vector<std::vector<uint8_t>> custom_sections(const std::vector<uint8_t>& wasm, const std::string& name);

// Returns the module with every custom section named `name` removed and one new custom
// section with this payload appended at the end.
std::vector<uint8_t> replace_custom_section(const std::vector<uint8_t>& wasm, const std::string& name,
                                            const std::vector<uint8_t>& payload);

}  // namespace fluence::marine
