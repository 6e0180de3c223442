// Interface-types (IT) type system: the types Marine modules declare for their exports,
// imports and records (marine.md §3.3, §4). Plain value types, cheap to copy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fluence::marine {

enum class ITypeKind : uint8_t {
  kBoolean, kS8, kS16, kS32, kS64, kU8, kU16, kU32, kU64, kF32, kF64,
  kString, kByteArray, kArray, kI32, kI64, kRecord,
};

struct IType {
  ITypeKind kind = ITypeKind::kI32;
  std::shared_ptr<const IType> element;  // kArray only
  uint64_t record_id = 0;                // kRecord only: index into the module's type vector

  static IType scalar(ITypeKind k) { return IType{k, nullptr, 0}; }
  static IType array(IType element) {
    return IType{ITypeKind::kArray, std::make_shared<const IType>(std::move(element)), 0};
  }
  static IType record(uint64_t id) { return IType{ITypeKind::kRecord, nullptr, id}; }

  bool operator==(const IType& o) const;
  bool operator!=(const IType& o) const { return !(*this == o); }
};

struct NamedType {
  std::string name;
  IType type;
  bool operator==(const NamedType& o) const { return name == o.name && type == o.type; }
};

struct FunctionType {
  std::vector<NamedType> arguments;
  std::vector<IType> outputs;
  bool operator==(const FunctionType& o) const {
    return arguments == o.arguments && outputs == o.outputs;
  }
};

struct RecordType {
  std::string name;
  std::vector<NamedType> fields;  // never empty in a valid section (quirk Q3)
  bool operator==(const RecordType& o) const { return name == o.name && fields == o.fields; }
};

// Size of a value of this type inside a record or array buffer (marine.md §7.1).
uint32_t serialized_size(const IType& t);

// True for types passed through memory (string, byte_array, array, record).
bool is_complex(const IType& t);

// IT text form as in the section text (3.8): "string", "array (u8)", "record 7".
std::string it_text(const IType& t);

// Aqua-compatible rendering used by interface dumps (§4): "[]u8", "i32", record name.
// `record_name` resolves a record id to its name.
std::string aqua_text(const IType& t, const std::function<std::string(uint64_t)>& record_name);

}  // namespace fluence::marine
