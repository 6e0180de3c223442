#include "lilo.h"

#include <cstring>
#include <string>

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

constexpr int kMaxDepth = 1024;

[[noreturn]] void fail(const std::string& what) { throw Error(ErrorKind::kInvalidInput, what); }

void check_depth(int depth) {
  if (depth > kMaxDepth) fail("value nesting deeper than 1024 levels");
}

bool valid_utf8(const std::string& s) {
  size_t i = 0, n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

template <typename T>
T load(const std::string& buf, size_t at) {
  T v;
  std::memcpy(&v, buf.data() + at, sizeof(T));
  return v;
}

template <typename T>
void store(std::string& buf, T v) {
  char tmp[sizeof(T)];
  std::memcpy(tmp, &v, sizeof(T));
  buf.append(tmp, sizeof(T));
}

}  // namespace

uint32_t allocation_tag(const IType& t) {
  switch (t.kind) {
    case ITypeKind::kBoolean: return 0;
    case ITypeKind::kU8: return 1;
    case ITypeKind::kU16: return 2;
    case ITypeKind::kU32: return 3;
    case ITypeKind::kU64: return 4;
    case ITypeKind::kS8: return 5;
    case ITypeKind::kS16: return 6;
    case ITypeKind::kS32: case ITypeKind::kI32: return 7;
    case ITypeKind::kS64: case ITypeKind::kI64: return 8;
    case ITypeKind::kF32: return 9;
    case ITypeKind::kF64: return 10;
    default: return 3;
  }
}

bool value_matches(const IValue& v, const IType& t, const ItSection& it, int depth) {
  if (depth > kMaxDepth) return false;
  if (t.kind == ITypeKind::kByteArray) {
    if (v.kind == ITypeKind::kByteArray) return true;
    if (v.kind != ITypeKind::kArray) return false;
    for (const auto& x : v.items) if (x.kind != ITypeKind::kU8) return false;
    return true;
  }
  if (t.kind == ITypeKind::kArray) {
    if (v.kind == ITypeKind::kByteArray) return t.element->kind == ITypeKind::kU8;
    if (v.kind != ITypeKind::kArray) return false;
    for (const auto& x : v.items) if (!value_matches(x, *t.element, it, depth + 1)) return false;
    return true;
  }
  if (t.kind == ITypeKind::kRecord) {
    if (v.kind != ITypeKind::kRecord) return false;
    if (t.record_id >= it.types.size() || !it.types[t.record_id].is_record()) return false;
    const auto& rec = it.types[t.record_id].record();
    if (rec.fields.size() != v.items.size()) return false;
    for (size_t i = 0; i < v.items.size(); ++i)
      if (!value_matches(v.items[i], rec.fields[i].type, it, depth + 1)) return false;
    return true;
  }
  return v.kind == t.kind;
}

const RecordType& Lilo::record_type(uint64_t id) const {
  if (id >= it.types.size() || !it.types[id].is_record())
    fail("record type " + std::to_string(id) + " is not defined");
  return it.types[id].record();
}

std::string Lilo::read_bytes(uint64_t offset, uint64_t size) const {
  uint64_t mem = instance.memory_size();
  // Ranges ending exactly at the end of memory are valid (quirk Q5 relaxed).
  if (offset > mem || size > mem - offset)
    fail("memory access out of bounds: [" + std::to_string(offset) + ", " + std::to_string(offset + size) +
         ") with memory size " + std::to_string(mem));
  return std::string(reinterpret_cast<const char*>(instance.memory_data() + offset), size);
}

void Lilo::write_bytes(uint64_t offset, const uint8_t* data, size_t size) {
  uint64_t mem = instance.memory_size();
  if (offset > mem || size > mem - offset)
    fail("memory write out of bounds: [" + std::to_string(offset) + ", " + std::to_string(offset + size) +
         ") with memory size " + std::to_string(mem));
  if (size) std::memcpy(instance.memory_data() + offset, data, size);
}

IValue Lilo::lift_string(uint32_t ptr, uint32_t len) const {
  if (len == 0) return IValue::string("");
  std::string s = read_bytes(ptr, len);
  if (!valid_utf8(s)) fail("string at " + std::to_string(ptr) + " is not valid UTF-8");
  return IValue::string(std::move(s));
}

IValue Lilo::lift_byte_array(uint32_t ptr, uint32_t len) const {
  if (len == 0) return IValue::byte_array({});
  std::string s = read_bytes(ptr, len);
  return IValue::byte_array(std::vector<uint8_t>(s.begin(), s.end()));
}

IValue Lilo::lift_array(const IType& element, uint32_t ptr, uint32_t count, int depth) const {
  check_depth(depth);
  if (count == 0) return IValue::array({});
  uint64_t elem = serialized_size(element);
  std::string buf = read_bytes(ptr, elem * count);
  std::vector<IValue> items;
  items.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    size_t at = static_cast<size_t>(i * elem);
    switch (element.kind) {
      case ITypeKind::kBoolean: items.push_back(IValue::boolean(buf[at] != 0)); break;
      case ITypeKind::kS8: items.push_back(IValue::s8(load<int8_t>(buf, at))); break;
      case ITypeKind::kU8: items.push_back(IValue::u8(load<uint8_t>(buf, at))); break;
      case ITypeKind::kS16: items.push_back(IValue::s16(load<int16_t>(buf, at))); break;
      case ITypeKind::kU16: items.push_back(IValue::u16(load<uint16_t>(buf, at))); break;
      case ITypeKind::kS32: items.push_back(IValue::s32(load<int32_t>(buf, at))); break;
      case ITypeKind::kI32: items.push_back(IValue::i32(load<int32_t>(buf, at))); break;
      case ITypeKind::kU32: items.push_back(IValue::u32(load<uint32_t>(buf, at))); break;
      case ITypeKind::kS64: items.push_back(IValue::s64(load<int64_t>(buf, at))); break;
      case ITypeKind::kI64: items.push_back(IValue::i64(load<int64_t>(buf, at))); break;
      case ITypeKind::kU64: items.push_back(IValue::u64(load<uint64_t>(buf, at))); break;
      case ITypeKind::kF32: items.push_back(IValue::f32v(load<float>(buf, at))); break;
      case ITypeKind::kF64: items.push_back(IValue::f64v(load<double>(buf, at))); break;
      case ITypeKind::kString:
        items.push_back(lift_string(load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4)));
        break;
      case ITypeKind::kByteArray:
        items.push_back(lift_byte_array(load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4)));
        break;
      case ITypeKind::kArray:
        items.push_back(lift_array(*element.element, load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4), depth + 1));
        break;
      case ITypeKind::kRecord:
        items.push_back(lift_record(element.record_id, load<uint32_t>(buf, at), depth + 1));
        break;
    }
  }
  return IValue::array(std::move(items));
}

IValue Lilo::lift_record(uint64_t record_id, uint32_t ptr, int depth) const {
  check_depth(depth);
  const RecordType& rec = record_type(record_id);
  uint64_t size = 0;
  for (const auto& f : rec.fields) size += serialized_size(f.type);
  std::string buf = read_bytes(ptr, size);
  std::vector<IValue> fields;
  fields.reserve(rec.fields.size());
  size_t at = 0;
  for (const auto& f : rec.fields) {
    const IType& t = f.type;
    switch (t.kind) {
      case ITypeKind::kBoolean: fields.push_back(IValue::boolean(buf[at] != 0)); break;
      case ITypeKind::kS8: fields.push_back(IValue::s8(load<int8_t>(buf, at))); break;
      case ITypeKind::kU8: fields.push_back(IValue::u8(load<uint8_t>(buf, at))); break;
      case ITypeKind::kS16: fields.push_back(IValue::s16(load<int16_t>(buf, at))); break;
      case ITypeKind::kU16: fields.push_back(IValue::u16(load<uint16_t>(buf, at))); break;
      case ITypeKind::kS32: fields.push_back(IValue::s32(load<int32_t>(buf, at))); break;
      case ITypeKind::kI32: fields.push_back(IValue::i32(load<int32_t>(buf, at))); break;
      case ITypeKind::kU32: fields.push_back(IValue::u32(load<uint32_t>(buf, at))); break;
      case ITypeKind::kS64: fields.push_back(IValue::s64(load<int64_t>(buf, at))); break;
      case ITypeKind::kI64: fields.push_back(IValue::i64(load<int64_t>(buf, at))); break;
      case ITypeKind::kU64: fields.push_back(IValue::u64(load<uint64_t>(buf, at))); break;
      case ITypeKind::kF32: fields.push_back(IValue::f32v(load<float>(buf, at))); break;
      case ITypeKind::kF64: fields.push_back(IValue::f64v(load<double>(buf, at))); break;
      case ITypeKind::kString:
        fields.push_back(lift_string(load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4)));
        break;
      case ITypeKind::kByteArray:
        fields.push_back(lift_byte_array(load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4)));
        break;
      case ITypeKind::kArray:
        fields.push_back(lift_array(*t.element, load<uint32_t>(buf, at), load<uint32_t>(buf, at + 4), depth + 1));
        break;
      case ITypeKind::kRecord:
        fields.push_back(lift_record(t.record_id, load<uint32_t>(buf, at), depth + 1));
        break;
    }
    at += serialized_size(t);
  }
  return IValue::record(std::move(fields));
}

std::pair<uint32_t, uint32_t> Lilo::lower_bytes(const uint8_t* data, size_t size) {
  if (size > UINT32_MAX) fail("value of " + std::to_string(size) + " bytes does not fit in 32-bit memory");
  uint32_t ptr = allocate(static_cast<uint32_t>(size), 1);
  write_bytes(ptr, data, size);
  return {ptr, static_cast<uint32_t>(size)};
}

namespace {

// Serializes one element/field into `buf`, lowering nested values (which allocates).
void lower_into(Lilo& lilo, std::string& buf, const IType& t, const IValue& v, int depth) {
  auto mismatch = [&]() {
    fail("value " + describe(v) + " does not match type " + it_text(t));
  };
  switch (t.kind) {
    case ITypeKind::kBoolean:
      if (v.kind != ITypeKind::kBoolean) mismatch();
      buf.push_back(v.b ? 1 : 0);
      break;
    case ITypeKind::kS8: if (v.kind != t.kind) mismatch(); store<int8_t>(buf, static_cast<int8_t>(v.s)); break;
    case ITypeKind::kU8: if (v.kind != t.kind) mismatch(); store<uint8_t>(buf, static_cast<uint8_t>(v.u)); break;
    case ITypeKind::kS16: if (v.kind != t.kind) mismatch(); store<int16_t>(buf, static_cast<int16_t>(v.s)); break;
    case ITypeKind::kU16: if (v.kind != t.kind) mismatch(); store<uint16_t>(buf, static_cast<uint16_t>(v.u)); break;
    case ITypeKind::kS32: case ITypeKind::kI32:
      if (v.kind != t.kind) mismatch();
      store<int32_t>(buf, static_cast<int32_t>(v.s));
      break;
    case ITypeKind::kU32: if (v.kind != t.kind) mismatch(); store<uint32_t>(buf, static_cast<uint32_t>(v.u)); break;
    case ITypeKind::kS64: case ITypeKind::kI64:
      if (v.kind != t.kind) mismatch();
      store<int64_t>(buf, v.s);
      break;
    case ITypeKind::kU64: if (v.kind != t.kind) mismatch(); store<uint64_t>(buf, v.u); break;
    case ITypeKind::kF32: if (v.kind != t.kind) mismatch(); store<float>(buf, v.f32); break;
    case ITypeKind::kF64: if (v.kind != t.kind) mismatch(); store<double>(buf, v.f64); break;
    case ITypeKind::kString: {
      if (v.kind != ITypeKind::kString) mismatch();
      auto [p, n] = lilo.lower_bytes(reinterpret_cast<const uint8_t*>(v.str.data()), v.str.size());
      store<uint32_t>(buf, p);
      store<uint32_t>(buf, n);
      break;
    }
    case ITypeKind::kByteArray: case ITypeKind::kArray: {
      const IType elem = t.kind == ITypeKind::kArray ? *t.element : IType::scalar(ITypeKind::kU8);
      if (v.kind != ITypeKind::kArray && v.kind != ITypeKind::kByteArray) mismatch();
      auto [p, n] = lilo.lower_array(elem, v, depth + 1);
      store<uint32_t>(buf, p);
      store<uint32_t>(buf, n);
      break;
    }
    case ITypeKind::kRecord:
      if (v.kind != ITypeKind::kRecord) mismatch();
      store<uint32_t>(buf, lilo.lower_record(t.record_id, v, depth + 1));
      break;
  }
}

}  // namespace

std::pair<uint32_t, uint32_t> Lilo::lower_array(const IType& element, const IValue& value, int depth) {
  check_depth(depth);
  if (value.kind == ITypeKind::kByteArray) {
    // Raw bytes regardless of the declared element type (reference behaviour).
    if (value.bytes.empty()) return {0, 0};
    return lower_bytes(value.bytes.data(), value.bytes.size());
  }
  if (value.kind != ITypeKind::kArray) fail("value " + describe(value) + " is not an array");
  if (value.items.empty()) return {0, 0};
  uint64_t total = static_cast<uint64_t>(serialized_size(element)) * value.items.size();
  if (total > UINT32_MAX) fail("array of " + std::to_string(total) + " bytes does not fit in 32-bit memory");
  uint32_t ptr = allocate(static_cast<uint32_t>(total), allocation_tag(element));
  std::string buf;
  buf.reserve(total);
  for (const auto& item : value.items) lower_into(*this, buf, element, item, depth);
  write_bytes(ptr, reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
  return {ptr, static_cast<uint32_t>(value.items.size())};
}

uint32_t Lilo::lower_record(uint64_t record_id, const IValue& value, int depth) {
  check_depth(depth);
  const RecordType& rec = record_type(record_id);
  if (value.kind != ITypeKind::kRecord) fail("value " + describe(value) + " is not a record " + rec.name);
  if (value.items.size() != rec.fields.size())
    fail("record " + rec.name + " has " + std::to_string(rec.fields.size()) + " fields, the value has " +
         std::to_string(value.items.size()));
  std::string buf;
  for (size_t i = 0; i < rec.fields.size(); ++i) lower_into(*this, buf, rec.fields[i].type, value.items[i], depth);
  uint32_t ptr = allocate(static_cast<uint32_t>(buf.size()), 1);
  write_bytes(ptr, reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
  return ptr;
}

}  // namespace fluence::marine
