#include "fluence/marine/itype.h"

#include <cstring>

#include "fluence/marine/ivalue.h"
#include "fluence/marine/it_section.h"

namespace fluence::marine {

bool IType::operator==(const IType& o) const {
  if (kind != o.kind) return false;
  if (kind == ITypeKind::kArray) return *element == *o.element;
  if (kind == ITypeKind::kRecord) return record_id == o.record_id;
  return true;
}

uint32_t serialized_size(const IType& t) {
  switch (t.kind) {
    case ITypeKind::kBoolean: case ITypeKind::kS8: case ITypeKind::kU8: return 1;
    case ITypeKind::kS16: case ITypeKind::kU16: return 2;
    case ITypeKind::kS32: case ITypeKind::kU32: case ITypeKind::kI32: case ITypeKind::kF32:
    case ITypeKind::kRecord: return 4;
    case ITypeKind::kS64: case ITypeKind::kU64: case ITypeKind::kI64: case ITypeKind::kF64:
    case ITypeKind::kString: case ITypeKind::kByteArray: case ITypeKind::kArray: return 8;
  }
  return 0;
}

bool is_complex(const IType& t) {
  return t.kind == ITypeKind::kString || t.kind == ITypeKind::kByteArray ||
         t.kind == ITypeKind::kArray || t.kind == ITypeKind::kRecord;
}

const char* kind_name(ITypeKind k) {
  switch (k) {
    case ITypeKind::kBoolean: return "bool";
    case ITypeKind::kS8: return "s8";
    case ITypeKind::kS16: return "s16";
    case ITypeKind::kS32: return "s32";
    case ITypeKind::kS64: return "s64";
    case ITypeKind::kU8: return "u8";
    case ITypeKind::kU16: return "u16";
    case ITypeKind::kU32: return "u32";
    case ITypeKind::kU64: return "u64";
    case ITypeKind::kF32: return "f32";
    case ITypeKind::kF64: return "f64";
    case ITypeKind::kString: return "string";
    case ITypeKind::kByteArray: return "byte_array";
    case ITypeKind::kArray: return "array";
    case ITypeKind::kI32: return "i32";
    case ITypeKind::kI64: return "i64";
    case ITypeKind::kRecord: return "record";
  }
  return "?";
}

std::string it_text(const IType& t) {
  switch (t.kind) {
    case ITypeKind::kByteArray: return "array (u8)";
    case ITypeKind::kArray: return "array (" + it_text(*t.element) + ")";
    case ITypeKind::kRecord: return "record " + std::to_string(t.record_id);
    default: return kind_name(t.kind);
  }
}

std::string aqua_text(const IType& t, const std::function<std::string(uint64_t)>& record_name) {
  switch (t.kind) {
    case ITypeKind::kS8: return "i8";
    case ITypeKind::kS16: return "i16";
    case ITypeKind::kS32: return "i32";
    case ITypeKind::kS64: return "i64";
    case ITypeKind::kByteArray: return "[]u8";
    case ITypeKind::kArray: return "[]" + aqua_text(*t.element, record_name);
    case ITypeKind::kRecord: return record_name(t.record_id);
    default: return kind_name(t.kind);
  }
}

bool IValue::operator==(const IValue& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case ITypeKind::kBoolean: return b == o.b;
    case ITypeKind::kF32: return std::memcmp(&f32, &o.f32, sizeof f32) == 0;
    case ITypeKind::kF64: return std::memcmp(&f64, &o.f64, sizeof f64) == 0;
    case ITypeKind::kString: return str == o.str;
    case ITypeKind::kByteArray: return bytes == o.bytes;
    case ITypeKind::kArray: case ITypeKind::kRecord: return items == o.items;
    default: return u == o.u;
  }
}

std::string describe(const IValue& v) {
  switch (v.kind) {
    case ITypeKind::kBoolean: return v.b ? "Boolean(true)" : "Boolean(false)";
    case ITypeKind::kS8: case ITypeKind::kS16: case ITypeKind::kS32: case ITypeKind::kS64:
    case ITypeKind::kI32: case ITypeKind::kI64:
      return std::string(kind_name(v.kind)) + "(" + std::to_string(v.s) + ")";
    case ITypeKind::kU8: case ITypeKind::kU16: case ITypeKind::kU32: case ITypeKind::kU64:
      return std::string(kind_name(v.kind)) + "(" + std::to_string(v.u) + ")";
    case ITypeKind::kF32: return "f32(" + std::to_string(v.f32) + ")";
    case ITypeKind::kF64: return "f64(" + std::to_string(v.f64) + ")";
    case ITypeKind::kString: return "String(" + std::to_string(v.str.size()) + " bytes)";
    case ITypeKind::kByteArray: return "ByteArray(" + std::to_string(v.bytes.size()) + " bytes)";
    case ITypeKind::kArray: return "Array(" + std::to_string(v.items.size()) + " items)";
    case ITypeKind::kRecord: return "Record(" + std::to_string(v.items.size()) + " fields)";
  }
  return "?";
}

bool Instruction::operator==(const Instruction& o) const {
  if (op != o.op || imm != o.imm) return false;
  if (op == Opcode::kArrayLiftMemory || op == Opcode::kArrayLowerMemory) return type == o.type;
  return true;
}

bool is_known_opcode(uint8_t byte) { return opcode_name(static_cast<Opcode>(byte)) != nullptr; }

const char* opcode_name(Opcode op) {
  switch (op) {
    case Opcode::kArgGet: return "arg.get";
    case Opcode::kCallCore: return "call-core";
    case Opcode::kS8FromI32: return "s8.from_i32";
    case Opcode::kS8FromI64: return "s8.from_i64";
    case Opcode::kS16FromI32: return "s16.from_i32";
    case Opcode::kS16FromI64: return "s16.from_i64";
    case Opcode::kS32FromI32: return "s32.from_i32";
    case Opcode::kS32FromI64: return "s32.from_i64";
    case Opcode::kS64FromI32: return "s64.from_i32";
    case Opcode::kS64FromI64: return "s64.from_i64";
    case Opcode::kI32FromS8: return "i32.from_s8";
    case Opcode::kI32FromS16: return "i32.from_s16";
    case Opcode::kI32FromS32: return "i32.from_s32";
    case Opcode::kI32FromS64: return "i32.from_s64";
    case Opcode::kI64FromS8: return "i64.from_s8";
    case Opcode::kI64FromS16: return "i64.from_s16";
    case Opcode::kI64FromS32: return "i64.from_s32";
    case Opcode::kI64FromS64: return "i64.from_s64";
    case Opcode::kU8FromI32: return "u8.from_i32";
    case Opcode::kU8FromI64: return "u8.from_i64";
    case Opcode::kU16FromI32: return "u16.from_i32";
    case Opcode::kU16FromI64: return "u16.from_i64";
    case Opcode::kU32FromI32: return "u32.from_i32";
    case Opcode::kU32FromI64: return "u32.from_i64";
    case Opcode::kU64FromI32: return "u64.from_i32";
    case Opcode::kU64FromI64: return "u64.from_i64";
    case Opcode::kI32FromU8: return "i32.from_u8";
    case Opcode::kI32FromU16: return "i32.from_u16";
    case Opcode::kI32FromU32: return "i32.from_u32";
    case Opcode::kI32FromU64: return "i32.from_u64";
    case Opcode::kI64FromU8: return "i64.from_u8";
    case Opcode::kI64FromU16: return "i64.from_u16";
    case Opcode::kI64FromU32: return "i64.from_u32";
    case Opcode::kI64FromU64: return "i64.from_u64";
    case Opcode::kStringLiftMemory: return "string.lift_memory";
    case Opcode::kStringLowerMemory: return "string.lower_memory";
    case Opcode::kStringSize: return "string.size";
    case Opcode::kDup: return "dup";
    case Opcode::kSwap2: return "swap2";
    case Opcode::kArrayLiftMemory: return "array.lift_memory";
    case Opcode::kArrayLowerMemory: return "array.lower_memory";
    case Opcode::kRecordLiftMemory: return "record.lift_memory";
    case Opcode::kRecordLowerMemory: return "record.lower_memory";
    case Opcode::kBoolFromI32: return "bool.from_i32";
    case Opcode::kI32FromBool: return "i32.from_bool";
    case Opcode::kI32Push: return "i32.push";
    case Opcode::kI64Push: return "i64.push";
    case Opcode::kByteArrayLiftMemory: return "byte_array.lift_memory";
    case Opcode::kByteArrayLowerMemory: return "byte_array.lower_memory";
    case Opcode::kByteArraySize: return "byte_array.size";
  }
  return nullptr;
}

}  // namespace fluence::marine
