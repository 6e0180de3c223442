// The decoded `interface-types` custom section of a Marine module (marine.md §3): types,
// imports, adapters, exports and implementations, plus the adapter instruction set.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "fluence/marine/itype.h"

namespace fluence::marine {

enum class Opcode : uint8_t {
  kArgGet = 0x00, kCallCore = 0x01,
  kS8FromI32 = 0x02, kS8FromI64, kS16FromI32, kS16FromI64, kS32FromI32, kS32FromI64,
  kS64FromI32, kS64FromI64, kI32FromS8, kI32FromS16, kI32FromS32, kI32FromS64, kI64FromS8,
  kI64FromS16, kI64FromS32, kI64FromS64, kU8FromI32, kU8FromI64, kU16FromI32, kU16FromI64,
  kU32FromI32, kU32FromI64, kU64FromI32, kU64FromI64, kI32FromU8, kI32FromU16, kI32FromU32,
  kI32FromU64, kI64FromU8, kI64FromU16, kI64FromU32, kI64FromU64 = 0x21,
  kStringLiftMemory = 0x22, kStringLowerMemory = 0x23, kStringSize = 0x24,
  kDup = 0x34, kSwap2 = 0x35,
  kArrayLiftMemory = 0x37, kArrayLowerMemory = 0x38,
  kRecordLiftMemory = 0x3a, kRecordLowerMemory = 0x3b,
  kBoolFromI32 = 0x3e, kI32FromBool = 0x3f,
  kI32Push = 0x40, kI64Push = 0x41,
  kByteArrayLiftMemory = 0x43, kByteArrayLowerMemory = 0x44, kByteArraySize = 0x45,
};

struct Instruction {
  Opcode op = Opcode::kArgGet;
  uint64_t imm = 0;  // arg.get / call-core index, record type index, push value
  IType type;        // element type of array.lift_memory / array.lower_memory
  bool operator==(const Instruction& o) const;
};

// Mnemonic of an opcode ("string.lift_memory"); nullptr for an unknown opcode byte.
const char* opcode_name(Opcode op);
bool is_known_opcode(uint8_t byte);

struct TypeEntry {
  std::variant<FunctionType, RecordType> value;
  bool is_record() const { return std::holds_alternative<RecordType>(value); }
  const FunctionType& function() const { return std::get<FunctionType>(value); }
  const RecordType& record() const { return std::get<RecordType>(value); }
  bool operator==(const TypeEntry& o) const { return value == o.value; }
};

struct ItImport {
  std::string ns, name;
  uint32_t function_type = 0;
  bool operator==(const ItImport& o) const {
    return ns == o.ns && name == o.name && function_type == o.function_type;
  }
};

struct Adapter {
  uint32_t function_type = 0;
  std::vector<Instruction> body;
  bool operator==(const Adapter& o) const { return function_type == o.function_type && body == o.body; }
};

struct ItExport {
  std::string name;
  uint32_t function_type = 0;
  bool operator==(const ItExport& o) const { return name == o.name && function_type == o.function_type; }
};

struct Implementation {
  uint32_t core_type = 0, adapter_type = 0;
  bool operator==(const Implementation& o) const {
    return core_type == o.core_type && adapter_type == o.adapter_type;
  }
};

struct ItSection {
  std::string version;
  std::vector<TypeEntry> types;
  std::vector<ItImport> imports;
  std::vector<Adapter> adapters;
  std::vector<ItExport> exports;
  std::vector<Implementation> implementations;
  bool operator==(const ItSection& o) const = default;
};

}  // namespace fluence::marine
