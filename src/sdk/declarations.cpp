#include "fluence/sdk/declarations.h"

#include <cctype>
#include <map>

#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/wasm_sections.h"

namespace fluence::sdk {
namespace {

using marine::Adapter;
using marine::FunctionType;
using marine::Instruction;
using marine::IType;
using marine::ITypeKind;
using marine::NamedType;
using marine::Opcode;

[[noreturn]] void fail(size_t line, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput, "declaration line " + std::to_string(line) + ": " + what);
}

class Lexer {
 public:
  Lexer(const std::string& s, size_t line) : s_(s), line_(line) {}
  void skip() { while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_; }
  bool at_end() { skip(); return i_ >= s_.size(); }
  bool peek(const std::string& t) { skip(); return s_.compare(i_, t.size(), t) == 0; }
  void expect(const std::string& t) {
    if (!peek(t)) fail(line_, "expected '" + t + "' at column " + std::to_string(i_ + 1));
    i_ += t.size();
  }
  bool accept(const std::string& t) { if (peek(t)) { i_ += t.size(); return true; } return false; }
  std::string ident() {
    skip();
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (start == i_) fail(line_, "expected a name at column " + std::to_string(i_ + 1));
    // The interface-types section stores names with a one-byte length.
    if (i_ - start > 255)
      fail(line_, "name at column " + std::to_string(start + 1) + " is longer than 255 bytes");
    return s_.substr(start, i_ - start);
  }
  size_t line() const { return line_; }

 private:
  const std::string& s_;
  size_t line_;
  size_t i_ = 0;
};

// Types are parsed with record names unresolved (record_id = index into `names`, resolved later).
struct PendingType {
  IType type;
  std::vector<std::pair<IType*, std::string>> refs;
};

IType parse_type(Lexer& lx, std::vector<std::string>& record_refs) {
  if (lx.accept("[]")) return IType::array(parse_type(lx, record_refs));
  std::string n = lx.ident();
  static const std::map<std::string, ITypeKind> kScalars = {
      {"bool", ITypeKind::kBoolean}, {"s8", ITypeKind::kS8}, {"s16", ITypeKind::kS16}, {"s32", ITypeKind::kS32},
      {"s64", ITypeKind::kS64}, {"i8", ITypeKind::kS8}, {"i16", ITypeKind::kS16}, {"i32", ITypeKind::kS32},
      {"i64", ITypeKind::kS64}, {"u8", ITypeKind::kU8}, {"u16", ITypeKind::kU16}, {"u32", ITypeKind::kU32},
      {"u64", ITypeKind::kU64}, {"f32", ITypeKind::kF32}, {"f64", ITypeKind::kF64}, {"string", ITypeKind::kString},
      {"bytes", ITypeKind::kByteArray}};
  auto it = kScalars.find(n);
  if (it != kScalars.end()) return IType::scalar(it->second);
  record_refs.push_back(n);
  return IType::record(record_refs.size() - 1);  // placeholder, resolved later
}

void resolve(IType& t, const std::vector<std::string>& refs, const std::map<std::string, uint64_t>& records, size_t line) {
  if (t.kind == ITypeKind::kArray) {
    IType e = *t.element;
    resolve(e, refs, records, line);
    t = IType::array(e);
  } else if (t.kind == ITypeKind::kRecord) {
    auto it = records.find(refs[t.record_id]);
    if (it == records.end()) fail(line, "unknown type or record '" + refs[t.record_id] + "'");
    t = IType::record(it->second);
  }
}

Instruction ins(Opcode op, uint64_t imm = 0) { return Instruction{op, imm, {}}; }
Instruction ins_t(Opcode op, IType t) { return Instruction{op, 0, std::move(t)}; }

IType array_elem(const IType& t) {
  return t.kind == ITypeKind::kByteArray ? IType::scalar(ITypeKind::kU8) : *t.element;
}

// Wasm-level value kind of an IT scalar (marine.md §8.4).
ITypeKind raw_kind(const IType& t) {
  switch (t.kind) {
    case ITypeKind::kS64: case ITypeKind::kU64: case ITypeKind::kI64: return ITypeKind::kI64;
    case ITypeKind::kF32: return ITypeKind::kF32;
    case ITypeKind::kF64: return ITypeKind::kF64;
    default: return ITypeKind::kI32;
  }
}

// IT value -> raw (export adapters lowering arguments; import adapters lowering results).
bool to_raw_op(ITypeKind k, Opcode& op) {
  switch (k) {
    case ITypeKind::kBoolean: op = Opcode::kI32FromBool; return true;
    case ITypeKind::kS8: op = Opcode::kI32FromS8; return true;
    case ITypeKind::kS16: op = Opcode::kI32FromS16; return true;
    case ITypeKind::kS32: op = Opcode::kI32FromS32; return true;
    case ITypeKind::kU8: op = Opcode::kI32FromU8; return true;
    case ITypeKind::kU16: op = Opcode::kI32FromU16; return true;
    case ITypeKind::kU32: op = Opcode::kI32FromU32; return true;
    case ITypeKind::kS64: op = Opcode::kI64FromS64; return true;
    case ITypeKind::kU64: op = Opcode::kI64FromU64; return true;
    default: return false;  // floats and core ints pass unchanged
  }
}

// raw -> IT value.
bool from_raw_op(ITypeKind k, Opcode& op) {
  switch (k) {
    case ITypeKind::kBoolean: op = Opcode::kBoolFromI32; return true;
    case ITypeKind::kS8: op = Opcode::kS8FromI32; return true;
    case ITypeKind::kS16: op = Opcode::kS16FromI32; return true;
    case ITypeKind::kS32: op = Opcode::kS32FromI32; return true;
    case ITypeKind::kU8: op = Opcode::kU8FromI32; return true;
    case ITypeKind::kU16: op = Opcode::kU16FromI32; return true;
    case ITypeKind::kU32: op = Opcode::kU32FromI32; return true;
    case ITypeKind::kS64: op = Opcode::kS64FromI64; return true;
    case ITypeKind::kU64: op = Opcode::kU64FromI64; return true;
    default: return false;
  }
}

FunctionType abi_type(std::vector<NamedType> args, std::vector<IType> outs) { return FunctionType{std::move(args), std::move(outs)}; }

}  // namespace

ModuleDeclarations parse_declarations(const std::string& text) {
  struct Raw {
    size_t line;
    std::string kind, module, name;
    std::vector<std::pair<std::string, IType>> items;
    std::vector<IType> outputs;
    std::vector<std::string> refs;
  };
  std::vector<Raw> raws;
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of("\n", pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    for (char& c : line) if (c == '\0') c = ' ';
    Lexer lx(line, line_no);
    if (lx.at_end()) continue;
    Raw r;
    r.line = line_no;
    r.kind = lx.ident();
    if (r.kind == "record") {
      r.name = lx.ident();
      lx.expect("{");
      while (!lx.accept("}")) {
        std::string f = lx.ident();
        lx.expect(":");
        r.items.emplace_back(f, parse_type(lx, r.refs));
        if (!lx.accept(",")) { lx.expect("}"); break; }
      }
      if (r.items.empty()) fail(line_no, "record " + r.name + " has no fields");
    } else if (r.kind == "fn" || r.kind == "import") {
      if (r.kind == "import") {
        r.module = lx.ident();
        lx.expect(".");
      }
      r.name = lx.ident();
      lx.expect("(");
      if (!lx.accept(")")) {
        while (true) {
          std::string a = lx.ident();
          lx.expect(":");
          r.items.emplace_back(a, parse_type(lx, r.refs));
          if (lx.accept(")")) break;
          lx.expect(",");
        }
      }
      if (lx.accept("->")) r.outputs.push_back(parse_type(lx, r.refs));
    } else {
      fail(line_no, "expected 'fn', 'record' or 'import', found '" + r.kind + "'");
    }
    if (!lx.at_end()) fail(line_no, "unexpected text after the declaration");
    if (r.name.size() > 255) fail(line_no, "name longer than 255 bytes");
    raws.push_back(std::move(r));
  }
  ModuleDeclarations out;
  std::map<std::string, uint64_t> record_ids;
  for (const auto& r : raws)
    if (r.kind == "record") {
      if (record_ids.count(r.name)) fail(r.line, "record " + r.name + " is declared twice");
      record_ids[r.name] = 6 + record_ids.size();
    }
  std::map<std::string, bool> fn_names;
  for (auto& r : raws) {
    std::vector<NamedType> items;
    for (auto& [n, t] : r.items) {
      IType tt = t;
      resolve(tt, r.refs, record_ids, r.line);
      items.push_back({n, tt});
    }
    for (auto& o : r.outputs) resolve(o, r.refs, record_ids, r.line);
    if (r.kind == "record") {
      out.records.push_back({r.name, items});
    } else if (r.kind == "fn") {
      if (fn_names[r.name]) fail(r.line, "function " + r.name + " is declared twice");
      fn_names[r.name] = true;
      out.exports.push_back({"", r.name, items, r.outputs});
    } else {
      out.imports.push_back({r.module, r.name, items, r.outputs});
    }
  }
  if (out.records.size() + 6 + 2 * out.exports.size() + 3 * out.imports.size() > 100000)
    throw Error(ErrorKind::kInvalidInput, "too many declarations");
  return out;
}

marine::ItSection generate_it(const ModuleDeclarations& d, const std::string& it_version) {
  marine::ItSection s;
  s.version = it_version;
  IType i32 = IType::scalar(ITypeKind::kI32);
  s.types.push_back({abi_type({{"size", i32}}, {i32})});
  s.types.push_back({abi_type({}, {})});
  s.types.push_back({abi_type({}, {i32})});
  s.types.push_back({abi_type({}, {i32})});
  s.types.push_back({abi_type({{"result_size", i32}}, {})});
  s.types.push_back({abi_type({{"result_ptr", i32}}, {})});
  const char* abi[] = {"allocate", "release_objects", "get_result_size", "get_result_ptr", "set_result_size", "set_result_ptr"};
  for (uint32_t i = 0; i < 6; ++i) s.exports.push_back({abi[i], i});
  for (const auto& r : d.records) s.types.push_back({r});

  const uint64_t export_count = 6 + d.exports.size();
  for (size_t f = 0; f < d.exports.size(); ++f) {
    const auto& fn = d.exports[f];
    uint32_t k = static_cast<uint32_t>(s.types.size());
    FunctionType ft{fn.arguments, fn.outputs};
    s.types.push_back({ft});
    s.types.push_back({ft});
    s.exports.push_back({fn.name, k + 1});
    Adapter a;
    a.function_type = k;
    for (size_t i = 0; i < fn.arguments.size(); ++i) {
      const IType& t = fn.arguments[i].type;
      a.body.push_back(ins(Opcode::kArgGet, i));
      Opcode op;
      if (t.kind == ITypeKind::kString) {
        a.body.push_back(ins(Opcode::kStringSize));
        a.body.push_back(ins(Opcode::kI32Push, 1));
        a.body.push_back(ins(Opcode::kCallCore, 0));
        a.body.push_back(ins(Opcode::kArgGet, i));
        a.body.push_back(ins(Opcode::kStringLowerMemory));
      } else if (t.kind == ITypeKind::kByteArray || t.kind == ITypeKind::kArray) {
        a.body.push_back(ins_t(Opcode::kArrayLowerMemory, array_elem(t)));
      } else if (t.kind == ITypeKind::kRecord) {
        a.body.push_back(ins(Opcode::kRecordLowerMemory, t.record_id));
      } else if (to_raw_op(t.kind, op)) {
        a.body.push_back(ins(op));
      }
    }
    a.body.push_back(ins(Opcode::kCallCore, 6 + f));
    if (!fn.outputs.empty()) {
      const IType& t = fn.outputs[0];
      Opcode op;
      if (t.kind == ITypeKind::kString || t.kind == ITypeKind::kByteArray || t.kind == ITypeKind::kArray) {
        a.body.push_back(ins(Opcode::kCallCore, 3));
        a.body.push_back(ins(Opcode::kCallCore, 2));
        if (t.kind == ITypeKind::kString) a.body.push_back(ins(Opcode::kStringLiftMemory));
        else if (t.kind == ITypeKind::kByteArray) a.body.push_back(ins(Opcode::kByteArrayLiftMemory));
        else a.body.push_back(ins_t(Opcode::kArrayLiftMemory, *t.element));
        a.body.push_back(ins(Opcode::kCallCore, 1));
      } else if (t.kind == ITypeKind::kRecord) {
        a.body.push_back(ins(Opcode::kCallCore, 3));
        a.body.push_back(ins(Opcode::kRecordLiftMemory, t.record_id));
        a.body.push_back(ins(Opcode::kCallCore, 1));
      } else if (from_raw_op(t.kind, op)) {
        a.body.push_back(ins(op));
      }
    }
    s.adapters.push_back(std::move(a));
    s.implementations.push_back({k + 1, k});
  }

  for (size_t j = 0; j < d.imports.size(); ++j) {
    const auto& fn = d.imports[j];
    uint32_t k = static_cast<uint32_t>(s.types.size());
    FunctionType raw;
    for (const auto& a : fn.arguments) {
      if (marine::is_complex(a.type)) {
        raw.arguments.push_back({a.name + "_ptr", i32});
        if (a.type.kind != ITypeKind::kRecord) raw.arguments.push_back({a.name + "_len", i32});
      } else {
        raw.arguments.push_back({a.name, IType::scalar(raw_kind(a.type))});
      }
    }
    if (!fn.outputs.empty() && !marine::is_complex(fn.outputs[0])) raw.outputs.push_back(IType::scalar(raw_kind(fn.outputs[0])));
    s.types.push_back({FunctionType{fn.arguments, fn.outputs}});
    s.types.push_back({raw});
    s.types.push_back({raw});
    s.imports.push_back({fn.module, fn.name, k});
    s.imports.push_back({fn.module, fn.name, k + 2});
    Adapter a;
    a.function_type = k + 1;
    uint64_t slot = 0;
    bool complex_arg = false;
    for (const auto& arg : fn.arguments) {
      const IType& t = arg.type;
      a.body.push_back(ins(Opcode::kArgGet, slot++));
      Opcode op;
      if (t.kind == ITypeKind::kString || t.kind == ITypeKind::kByteArray || t.kind == ITypeKind::kArray) {
        a.body.push_back(ins(Opcode::kArgGet, slot++));
        if (t.kind == ITypeKind::kString) a.body.push_back(ins(Opcode::kStringLiftMemory));
        else if (t.kind == ITypeKind::kByteArray) a.body.push_back(ins(Opcode::kByteArrayLiftMemory));
        else a.body.push_back(ins_t(Opcode::kArrayLiftMemory, *t.element));
        complex_arg = true;
      } else if (t.kind == ITypeKind::kRecord) {
        a.body.push_back(ins(Opcode::kRecordLiftMemory, t.record_id));
        complex_arg = true;
      } else if (from_raw_op(t.kind, op)) {
        a.body.push_back(ins(op));
      }
    }
    if (complex_arg) a.body.push_back(ins(Opcode::kCallCore, 1));
    a.body.push_back(ins(Opcode::kCallCore, export_count + j));
    if (!fn.outputs.empty()) {
      const IType& t = fn.outputs[0];
      Opcode op;
      if (t.kind == ITypeKind::kString) {
        for (auto o : {Opcode::kDup, Opcode::kStringSize}) a.body.push_back(ins(o));
        a.body.push_back(ins(Opcode::kI32Push, 1));
        a.body.push_back(ins(Opcode::kCallCore, 0));
        a.body.push_back(ins(Opcode::kSwap2));
        a.body.push_back(ins(Opcode::kStringLowerMemory));
        a.body.push_back(ins(Opcode::kCallCore, 4));
        a.body.push_back(ins(Opcode::kCallCore, 5));
      } else if (t.kind == ITypeKind::kByteArray || t.kind == ITypeKind::kArray) {
        a.body.push_back(ins_t(Opcode::kArrayLowerMemory, array_elem(t)));
        a.body.push_back(ins(Opcode::kCallCore, 4));
        a.body.push_back(ins(Opcode::kCallCore, 5));
      } else if (t.kind == ITypeKind::kRecord) {
        a.body.push_back(ins(Opcode::kRecordLowerMemory, t.record_id));
        a.body.push_back(ins(Opcode::kCallCore, 5));
      } else if (to_raw_op(t.kind, op)) {
        a.body.push_back(ins(op));
      }
    }
    s.adapters.push_back(std::move(a));
    s.implementations.push_back({k + 2, k + 1});
  }
  return s;
}

std::vector<uint8_t> embed_interface(const std::vector<uint8_t>& wasm, const std::string& sdk_version) {
  auto decl_sections = marine::custom_sections(wasm, "__fluence_marine_decl");
  std::string text;
  for (const auto& d : decl_sections) text.append(d.begin(), d.end()), text += "\n";
  auto decls = parse_declarations(text);
  auto it = marine::encode_it_section(generate_it(decls));
  // Drop the declarations: the runtime does not need them.
  std::vector<uint8_t> out;
  {
    auto sections = marine::read_wasm_sections(wasm);
    out.assign(wasm.begin(), wasm.begin() + 8);
    for (const auto& s : sections)
      if (!(s.id == 0 && (s.name == "__fluence_marine_decl")))
        out.insert(out.end(), wasm.begin() + static_cast<long>(s.start), wasm.begin() + static_cast<long>(s.end));
  }
  out = marine::replace_custom_section(out, "interface-types", it);
  return marine::replace_custom_section(out, "__fluence_sdk_version", std::vector<uint8_t>(sdk_version.begin(), sdk_version.end()));
}

}  // namespace fluence::sdk
