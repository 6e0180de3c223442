// IValue: a runtime value of the interface-types world, exchanged between adapters, the host
// and callers (marine.md §4). Scalars live in one word; strings, bytes, arrays and records own
// their contents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fluence/marine/itype.h"

namespace fluence::marine {

struct IValue {
  ITypeKind kind = ITypeKind::kI32;
  union {
    bool b;
    int64_t s;   // S8..S64, I32, I64 (sign-extended)
    uint64_t u;  // U8..U64
    float f32;
    double f64;
  };
  std::string str;              // kString
  std::vector<uint8_t> bytes;   // kByteArray
  std::vector<IValue> items;    // kArray elements, kRecord fields

  IValue() : u(0) {}

  static IValue boolean(bool v) { IValue x; x.kind = ITypeKind::kBoolean; x.b = v; return x; }
  static IValue s8(int8_t v) { return signed_of(ITypeKind::kS8, v); }
  static IValue s16(int16_t v) { return signed_of(ITypeKind::kS16, v); }
  static IValue s32(int32_t v) { return signed_of(ITypeKind::kS32, v); }
  static IValue s64(int64_t v) { return signed_of(ITypeKind::kS64, v); }
  static IValue i32(int32_t v) { return signed_of(ITypeKind::kI32, v); }
  static IValue i64(int64_t v) { return signed_of(ITypeKind::kI64, v); }
  static IValue u8(uint8_t v) { return unsigned_of(ITypeKind::kU8, v); }
  static IValue u16(uint16_t v) { return unsigned_of(ITypeKind::kU16, v); }
  static IValue u32(uint32_t v) { return unsigned_of(ITypeKind::kU32, v); }
  static IValue u64(uint64_t v) { return unsigned_of(ITypeKind::kU64, v); }
  static IValue f32v(float v) { IValue x; x.kind = ITypeKind::kF32; x.f32 = v; return x; }
  static IValue f64v(double v) { IValue x; x.kind = ITypeKind::kF64; x.f64 = v; return x; }
  static IValue string(std::string v) { IValue x; x.kind = ITypeKind::kString; x.str = std::move(v); return x; }
  static IValue byte_array(std::vector<uint8_t> v) {
    IValue x; x.kind = ITypeKind::kByteArray; x.bytes = std::move(v); return x;
  }
  static IValue array(std::vector<IValue> v) {
    IValue x; x.kind = ITypeKind::kArray; x.items = std::move(v); return x;
  }
  static IValue record(std::vector<IValue> fields) {
    IValue x; x.kind = ITypeKind::kRecord; x.items = std::move(fields); return x;
  }

  bool operator==(const IValue& o) const;
  bool operator!=(const IValue& o) const { return !(*this == o); }

 private:
  static IValue signed_of(ITypeKind k, int64_t v) { IValue x; x.kind = k; x.s = v; return x; }
  static IValue unsigned_of(ITypeKind k, uint64_t v) { IValue x; x.kind = k; x.u = v; return x; }
};

// Debug rendering, e.g. `Record([U8(1), String("x")])`; used in error messages.
std::string describe(const IValue& v);
const char* kind_name(ITypeKind k);

}  // namespace fluence::marine
