// Lifting (memory -> IValue) and lowering (IValue -> memory) of IT values in one module's
// linear memory, with the layouts of marine.md §7. Internal to the runtime.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "fluence/marine/engine.h"
#include "fluence/marine/it_section.h"
#include "fluence/marine/ivalue.h"

namespace fluence::marine {

// Calls the module's `allocate(size, tag)`; returns the pointer.
using Allocator = std::function<uint32_t(uint32_t size, uint32_t tag)>;

struct Lilo {
  EngineInstance& instance;
  const ItSection& it;
  Allocator allocate;

  // Reads `size` bytes at `offset` (bounds-checked: offset + size <= memory size).
  std::string read_bytes(uint64_t offset, uint64_t size) const;
  void write_bytes(uint64_t offset, const uint8_t* data, size_t size);

  IValue lift_string(uint32_t ptr, uint32_t len) const;
  IValue lift_byte_array(uint32_t ptr, uint32_t len) const;
  IValue lift_array(const IType& element, uint32_t ptr, uint32_t count, int depth = 0) const;
  IValue lift_record(uint64_t record_id, uint32_t ptr, int depth = 0) const;

  // Returns (ptr, len/count).
  std::pair<uint32_t, uint32_t> lower_bytes(const uint8_t* data, size_t size);
  std::pair<uint32_t, uint32_t> lower_array(const IType& element, const IValue& value, int depth = 0);
  uint32_t lower_record(uint64_t record_id, const IValue& value, int depth = 0);

  const RecordType& record_type(uint64_t id) const;
};

// Whether an IValue may be passed where `type` is expected (exact kind; byte_array and
// array(u8) interchangeable; records checked field by field).
bool value_matches(const IValue& v, const IType& type, const ItSection& it, int depth = 0);

// allocate() type tag for elements of this type (marine.md §7.3).
uint32_t allocation_tag(const IType& t);

}  // namespace fluence::marine
