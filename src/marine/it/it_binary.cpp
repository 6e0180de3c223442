#include "fluence/marine/it_binary.h"

#include <string>

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

constexpr int kMaxTypeDepth = 1024;

[[noreturn]] void fail(size_t offset, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput,
              "interface-types section: " + what + " at offset " + std::to_string(offset));
}

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool done() const { return pos_ == size_; }
  size_t pos() const { return pos_; }

  uint8_t byte() {
    if (pos_ >= size_) fail(pos_, "unexpected end of data");
    return data_[pos_++];
  }

  // Unsigned LEB128 of at most 9 bytes (the reference's limit).
  uint64_t uleb() {
    size_t start = pos_;
    uint64_t value = 0;
    for (int i = 0; i < 9; ++i) {
      uint8_t b = byte();
      value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if (!(b & 0x80)) return value;
    }
    fail(start, "uleb longer than 9 bytes");
  }

  uint32_t index() {
    size_t start = pos_;
    uint64_t v = uleb();
    if (v > UINT32_MAX) fail(start, "index out of range");
    return static_cast<uint32_t>(v);
  }

  // A count of items that each take at least one byte: bounded by the remaining input so a
  // forged count cannot make us reserve unbounded memory.
  size_t count() {
    size_t start = pos_;
    uint64_t v = uleb();
    if (v > size_ - pos_) fail(start, "count " + std::to_string(v) + " exceeds the remaining bytes");
    return static_cast<size_t>(v);
  }

  std::string sstr() {
    size_t len = byte();
    if (len > size_ - pos_) fail(pos_, "string runs past the end");
    std::string s(reinterpret_cast<const char*>(data_ + pos_), len);
    pos_ += len;
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

IType read_itype(Reader& r, int depth) {
  if (depth > kMaxTypeDepth) fail(r.pos(), "type nesting deeper than 1024");
  size_t at = r.pos();
  uint8_t op = r.byte();
  switch (op) {
    case 0x0b: return IType::scalar(ITypeKind::kBoolean);
    case 0x00: return IType::scalar(ITypeKind::kS8);
    case 0x01: return IType::scalar(ITypeKind::kS16);
    case 0x02: return IType::scalar(ITypeKind::kS32);
    case 0x03: return IType::scalar(ITypeKind::kS64);
    case 0x04: return IType::scalar(ITypeKind::kU8);
    case 0x05: return IType::scalar(ITypeKind::kU16);
    case 0x06: return IType::scalar(ITypeKind::kU32);
    case 0x07: return IType::scalar(ITypeKind::kU64);
    case 0x08: return IType::scalar(ITypeKind::kF32);
    case 0x09: return IType::scalar(ITypeKind::kF64);
    case 0x0a: return IType::scalar(ITypeKind::kString);
    case 0x3c: return IType::scalar(ITypeKind::kByteArray);
    case 0x36: return IType::array(read_itype(r, depth + 1));
    case 0x0c: return IType::scalar(ITypeKind::kI32);
    case 0x0d: return IType::scalar(ITypeKind::kI64);
    case 0x0e: return IType::record(r.uleb());
    default: fail(at, "unknown type opcode 0x" + [&] {
      const char* hex = "0123456789abcdef";
      return std::string{hex[op >> 4], hex[op & 15]};
    }());
  }
}

std::vector<NamedType> read_named_list(Reader& r) {
  size_t n = r.count();
  std::vector<NamedType> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    NamedType nt;
    nt.name = r.sstr();
    nt.type = read_itype(r, 0);
    out.push_back(std::move(nt));
  }
  return out;
}

TypeEntry read_type(Reader& r) {
  size_t at = r.pos();
  uint8_t kind = r.byte();
  if (kind == 0x00) {
    FunctionType f;
    f.arguments = read_named_list(r);
    size_t n = r.count();
    for (size_t i = 0; i < n; ++i) f.outputs.push_back(read_itype(r, 0));
    return TypeEntry{std::move(f)};
  }
  if (kind == 0x01) {
    RecordType rec;
    rec.name = r.sstr();
    size_t fields_at = r.pos();
    rec.fields = read_named_list(r);
    if (rec.fields.empty()) fail(fields_at, "record '" + rec.name + "' has no fields");
    return TypeEntry{std::move(rec)};
  }
  fail(at, "unknown type kind " + std::to_string(kind));
}

Instruction read_instruction(Reader& r) {
  size_t at = r.pos();
  uint8_t op = r.byte();
  if (!is_known_opcode(op)) fail(at, "unknown adapter instruction opcode " + std::to_string(op));
  Instruction ins;
  ins.op = static_cast<Opcode>(op);
  switch (ins.op) {
    case Opcode::kArgGet: case Opcode::kCallCore: case Opcode::kRecordLiftMemory:
    case Opcode::kRecordLowerMemory: case Opcode::kI64Push:
      ins.imm = r.uleb();
      break;
    case Opcode::kI32Push:
      ins.imm = static_cast<uint32_t>(r.uleb());
      break;
    case Opcode::kArrayLiftMemory: case Opcode::kArrayLowerMemory:
      ins.type = read_itype(r, 0);
      break;
    default:
      break;
  }
  return ins;
}

// --- encoder ---

void put_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

void put_sstr(std::vector<uint8_t>& out, const std::string& s) {
  if (s.size() > 255)
    throw Error(ErrorKind::kInvalidInput,
                "interface-types: name '" + s.substr(0, 32) + "...' is 256 bytes or longer");
  out.push_back(static_cast<uint8_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

void put_itype(std::vector<uint8_t>& out, const IType& t) {
  switch (t.kind) {
    case ITypeKind::kBoolean: out.push_back(0x0b); break;
    case ITypeKind::kS8: out.push_back(0x00); break;
    case ITypeKind::kS16: out.push_back(0x01); break;
    case ITypeKind::kS32: out.push_back(0x02); break;
    case ITypeKind::kS64: out.push_back(0x03); break;
    case ITypeKind::kU8: out.push_back(0x04); break;
    case ITypeKind::kU16: out.push_back(0x05); break;
    case ITypeKind::kU32: out.push_back(0x06); break;
    case ITypeKind::kU64: out.push_back(0x07); break;
    case ITypeKind::kF32: out.push_back(0x08); break;
    case ITypeKind::kF64: out.push_back(0x09); break;
    case ITypeKind::kString: out.push_back(0x0a); break;
    case ITypeKind::kByteArray: out.push_back(0x3c); break;
    case ITypeKind::kArray: out.push_back(0x36); put_itype(out, *t.element); break;
    case ITypeKind::kI32: out.push_back(0x0c); break;
    case ITypeKind::kI64: out.push_back(0x0d); break;
    case ITypeKind::kRecord: out.push_back(0x0e); put_uleb(out, t.record_id); break;
  }
}

void put_named_list(std::vector<uint8_t>& out, const std::vector<NamedType>& list) {
  put_uleb(out, list.size());
  for (const auto& nt : list) {
    put_sstr(out, nt.name);
    put_itype(out, nt.type);
  }
}

void check_record_ref(const ItSection& s, const IType& t, const std::string& where) {
  if (t.kind == ITypeKind::kArray) return check_record_ref(s, *t.element, where);
  if (t.kind != ITypeKind::kRecord) return;
  if (t.record_id >= s.types.size() || !s.types[t.record_id].is_record())
    throw Error(ErrorKind::kInvalidInput, "interface-types: " + where + " refers to record type " +
                                              std::to_string(t.record_id) + " which is not a record");
}

void check_function_ref(const ItSection& s, uint64_t idx, const std::string& where) {
  if (idx >= s.types.size() || s.types[idx].is_record())
    throw Error(ErrorKind::kInvalidInput, "interface-types: " + where + " refers to type " +
                                              std::to_string(idx) + " which is not a function type");
}

}  // namespace

ItSection decode_it_section(const uint8_t* data, size_t size) {
  Reader r(data, size);
  ItSection s;
  bool have_version = false;
  while (!r.done()) {
    size_t at = r.pos();
    uint8_t kind = r.byte();
    switch (kind) {
      case 0x05:
        if (have_version) fail(at, "more than one version entry");
        s.version = r.sstr();
        have_version = true;
        break;
      case 0x00: {
        size_t n = r.count();
        for (size_t i = 0; i < n; ++i) s.types.push_back(read_type(r));
        break;
      }
      case 0x01: {
        size_t n = r.count();
        for (size_t i = 0; i < n; ++i) {
          ItImport imp;
          imp.ns = r.sstr();
          imp.name = r.sstr();
          imp.function_type = r.index();
          s.imports.push_back(std::move(imp));
        }
        break;
      }
      case 0x02: {
        size_t n = r.count();
        for (size_t i = 0; i < n; ++i) {
          Adapter a;
          a.function_type = r.index();
          size_t m = r.count();
          a.body.reserve(m);
          for (size_t j = 0; j < m; ++j) a.body.push_back(read_instruction(r));
          s.adapters.push_back(std::move(a));
        }
        break;
      }
      case 0x03: {
        size_t n = r.count();
        for (size_t i = 0; i < n; ++i) {
          ItExport e;
          e.name = r.sstr();
          e.function_type = r.index();
          s.exports.push_back(std::move(e));
        }
        break;
      }
      case 0x04: {
        size_t n = r.count();
        for (size_t i = 0; i < n; ++i) {
          Implementation im;
          im.core_type = r.index();
          im.adapter_type = r.index();
          s.implementations.push_back(im);
        }
        break;
      }
      default:
        fail(at, "unknown entry kind " + std::to_string(kind));
    }
  }
  if (!have_version) fail(size, "no version entry");
  return s;
}

std::vector<uint8_t> encode_it_section(const ItSection& s) {
  std::vector<uint8_t> out;
  out.push_back(0x05);
  put_sstr(out, s.version);
  if (!s.types.empty()) {
    out.push_back(0x00);
    put_uleb(out, s.types.size());
    for (const auto& t : s.types) {
      if (t.is_record()) {
        out.push_back(0x01);
        put_sstr(out, t.record().name);
        put_named_list(out, t.record().fields);
      } else {
        out.push_back(0x00);
        put_named_list(out, t.function().arguments);
        put_uleb(out, t.function().outputs.size());
        for (const auto& o : t.function().outputs) put_itype(out, o);
      }
    }
  }
  if (!s.imports.empty()) {
    out.push_back(0x01);
    put_uleb(out, s.imports.size());
    for (const auto& i : s.imports) {
      put_sstr(out, i.ns);
      put_sstr(out, i.name);
      put_uleb(out, i.function_type);
    }
  }
  if (!s.adapters.empty()) {
    out.push_back(0x02);
    put_uleb(out, s.adapters.size());
    for (const auto& a : s.adapters) {
      put_uleb(out, a.function_type);
      put_uleb(out, a.body.size());
      for (const auto& ins : a.body) {
        out.push_back(static_cast<uint8_t>(ins.op));
        switch (ins.op) {
          case Opcode::kArgGet: case Opcode::kCallCore: case Opcode::kRecordLiftMemory:
          case Opcode::kRecordLowerMemory: case Opcode::kI32Push: case Opcode::kI64Push:
            put_uleb(out, ins.imm);
            break;
          case Opcode::kArrayLiftMemory: case Opcode::kArrayLowerMemory:
            put_itype(out, ins.type);
            break;
          default:
            break;
        }
      }
    }
  }
  if (!s.exports.empty()) {
    out.push_back(0x03);
    put_uleb(out, s.exports.size());
    for (const auto& e : s.exports) {
      put_sstr(out, e.name);
      put_uleb(out, e.function_type);
    }
  }
  if (!s.implementations.empty()) {
    out.push_back(0x04);
    put_uleb(out, s.implementations.size());
    for (const auto& im : s.implementations) {
      put_uleb(out, im.core_type);
      put_uleb(out, im.adapter_type);
    }
  }
  return out;
}

void validate_it_section(const ItSection& s) {
  for (size_t i = 0; i < s.types.size(); ++i) {
    std::string where = "type " + std::to_string(i);
    if (s.types[i].is_record()) {
      for (const auto& f : s.types[i].record().fields) check_record_ref(s, f.type, where);
    } else {
      for (const auto& a : s.types[i].function().arguments) check_record_ref(s, a.type, where);
      for (const auto& o : s.types[i].function().outputs) check_record_ref(s, o, where);
    }
  }
  for (const auto& imp : s.imports) check_function_ref(s, imp.function_type, "import '" + imp.name + "'");
  for (const auto& e : s.exports) check_function_ref(s, e.function_type, "export '" + e.name + "'");
  for (const auto& a : s.adapters) {
    check_function_ref(s, a.function_type, "adapter");
    for (const auto& ins : a.body) {
      if (ins.op == Opcode::kRecordLiftMemory || ins.op == Opcode::kRecordLowerMemory)
        check_record_ref(s, IType::record(ins.imm), "adapter instruction");
      if (ins.op == Opcode::kArrayLiftMemory || ins.op == Opcode::kArrayLowerMemory)
        check_record_ref(s, ins.type, "adapter instruction");
    }
  }
  for (const auto& im : s.implementations) {
    check_function_ref(s, im.core_type, "implementation");
    check_function_ref(s, im.adapter_type, "implementation");
    bool found = false;
    for (const auto& a : s.adapters) found = found || a.function_type == im.adapter_type;
    if (!found)
      throw Error(ErrorKind::kInvalidInput, "interface-types: implementation refers to adapter type " +
                                                std::to_string(im.adapter_type) + " which has no adapter");
  }
}

int compare_semver(const std::string& a, const std::string& b) {
  auto parse = [](const std::string& v) {
    uint64_t parts[3] = {0, 0, 0};
    size_t i = 0;
    for (int p = 0; p < 3; ++p) {
      if (i >= v.size() || v[i] < '0' || v[i] > '9')
        throw Error(ErrorKind::kInvalidInput, "'" + v + "' is not a semver version");
      uint64_t n = 0;
      while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
        n = n * 10 + static_cast<uint64_t>(v[i] - '0');
        if (n > (1ull << 40)) throw Error(ErrorKind::kInvalidInput, "'" + v + "': number too large");
        ++i;
      }
      parts[p] = n;
      if (p < 2) {
        if (i >= v.size() || v[i] != '.') throw Error(ErrorKind::kInvalidInput, "'" + v + "' is not a semver version");
        ++i;
      }
    }
    if (i != v.size() && v[i] != '-' && v[i] != '+')
      throw Error(ErrorKind::kInvalidInput, "'" + v + "' is not a semver version");
    return std::vector<uint64_t>{parts[0], parts[1], parts[2]};
  };
  auto x = parse(a), y = parse(b);
  return x < y ? -1 : (x == y ? 0 : 1);
}

}  // namespace fluence::marine
