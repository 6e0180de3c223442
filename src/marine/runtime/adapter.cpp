// The adapter interpreter: executes IT adapter instructions over a value stack.
#include <limits>
#include <string>

#include "fluence/core/error.h"
#include "loaded_module.h"

namespace fluence::marine {
namespace {

[[noreturn]] void fail(const LoadedModule& m, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "': " + what);
}

struct Stack {
  std::vector<IValue> values;
  const LoadedModule& m;

  IValue pop(const char* ins) {
    if (values.empty()) fail(m, std::string(ins) + ": the stack is empty");
    IValue v = std::move(values.back());
    values.pop_back();
    return v;
  }
  IValue pop_kind(const char* ins, ITypeKind k) {
    IValue v = pop(ins);
    if (v.kind != k)
      fail(m, std::string(ins) + ": expected " + kind_name(k) + " on the stack, found " + describe(v));
    return v;
  }
  uint32_t pop_u32(const char* ins) { return static_cast<uint32_t>(pop_kind(ins, ITypeKind::kI32).s); }
};

bool is_signed(ITypeKind k) {
  return k == ITypeKind::kS8 || k == ITypeKind::kS16 || k == ITypeKind::kS32 || k == ITypeKind::kS64 ||
         k == ITypeKind::kI32 || k == ITypeKind::kI64;
}

// Range of a numeric kind as (min, max) in a wide domain.
void range_of(ITypeKind k, __int128& lo, __int128& hi) {
  switch (k) {
    case ITypeKind::kS8: lo = INT8_MIN; hi = INT8_MAX; break;
    case ITypeKind::kS16: lo = INT16_MIN; hi = INT16_MAX; break;
    case ITypeKind::kS32: case ITypeKind::kI32: lo = INT32_MIN; hi = INT32_MAX; break;
    case ITypeKind::kS64: case ITypeKind::kI64: lo = INT64_MIN; hi = INT64_MAX; break;
    case ITypeKind::kU8: lo = 0; hi = UINT8_MAX; break;
    case ITypeKind::kU16: lo = 0; hi = UINT16_MAX; break;
    case ITypeKind::kU32: lo = 0; hi = UINT32_MAX; break;
    case ITypeKind::kU64: lo = 0; hi = UINT64_MAX; break;
    default: lo = 0; hi = 0; break;
  }
}

// Range-checked numeric conversion (marine.md §6.1, quirk Q1 replicated).
IValue convert(const LoadedModule& m, const IValue& v, ITypeKind from, ITypeKind to, Opcode op) {
  if (v.kind != from)
    fail(m, std::string(opcode_name(op)) + ": expected " + kind_name(from) + ", found " + describe(v));
  __int128 x = is_signed(from) ? static_cast<__int128>(v.s) : static_cast<__int128>(v.u);
  __int128 lo, hi;
  range_of(to, lo, hi);
  if (x < lo || x > hi)
    fail(m, std::string(opcode_name(op)) + " failed to cast " + describe(v) + " to " + kind_name(to));
  IValue out;
  out.kind = to;
  if (is_signed(to)) out.s = static_cast<int64_t>(x);
  else out.u = static_cast<uint64_t>(x);
  return out;
}

struct Conversion {
  ITypeKind from, to;
};

bool conversion_of(Opcode op, Conversion& c) {
  using K = ITypeKind;
  switch (op) {
    case Opcode::kS8FromI32: c = {K::kI32, K::kS8}; return true;
    case Opcode::kS8FromI64: c = {K::kI64, K::kS8}; return true;
    case Opcode::kS16FromI32: c = {K::kI32, K::kS16}; return true;
    case Opcode::kS16FromI64: c = {K::kI64, K::kS16}; return true;
    case Opcode::kS32FromI32: c = {K::kI32, K::kS32}; return true;
    case Opcode::kS32FromI64: c = {K::kI64, K::kS32}; return true;
    case Opcode::kS64FromI32: c = {K::kI32, K::kS64}; return true;
    case Opcode::kS64FromI64: c = {K::kI64, K::kS64}; return true;
    case Opcode::kI32FromS8: c = {K::kS8, K::kI32}; return true;
    case Opcode::kI32FromS16: c = {K::kS16, K::kI32}; return true;
    case Opcode::kI32FromS32: c = {K::kS32, K::kI32}; return true;
    case Opcode::kI32FromS64: c = {K::kS64, K::kI32}; return true;
    case Opcode::kI64FromS8: c = {K::kS8, K::kI64}; return true;
    case Opcode::kI64FromS16: c = {K::kS16, K::kI64}; return true;
    case Opcode::kI64FromS32: c = {K::kS32, K::kI64}; return true;
    case Opcode::kI64FromS64: c = {K::kS64, K::kI64}; return true;
    case Opcode::kU8FromI32: c = {K::kI32, K::kU8}; return true;
    case Opcode::kU8FromI64: c = {K::kI64, K::kU8}; return true;
    case Opcode::kU16FromI32: c = {K::kI32, K::kU16}; return true;
    case Opcode::kU16FromI64: c = {K::kI64, K::kU16}; return true;
    case Opcode::kU32FromI32: c = {K::kI32, K::kU32}; return true;
    case Opcode::kU32FromI64: c = {K::kI64, K::kU32}; return true;
    case Opcode::kU64FromI32: c = {K::kI32, K::kU64}; return true;
    case Opcode::kU64FromI64: c = {K::kI64, K::kU64}; return true;
    case Opcode::kI32FromU8: c = {K::kU8, K::kI32}; return true;
    case Opcode::kI32FromU16: c = {K::kU16, K::kI32}; return true;
    case Opcode::kI32FromU32: c = {K::kU32, K::kI32}; return true;
    case Opcode::kI32FromU64: c = {K::kU64, K::kI32}; return true;
    case Opcode::kI64FromU8: c = {K::kU8, K::kI64}; return true;
    case Opcode::kI64FromU16: c = {K::kU16, K::kI64}; return true;
    case Opcode::kI64FromU32: c = {K::kU32, K::kI64}; return true;
    case Opcode::kI64FromU64: c = {K::kU64, K::kI64}; return true;
    default: return false;
  }
}

WasmValue to_wasm(const LoadedModule& m, const IValue& v, ValType expected, size_t i) {
  switch (expected) {
    case ValType::kI32:
      if (v.kind == ITypeKind::kI32) return WasmValue::i32(static_cast<uint32_t>(v.s));
      break;
    case ValType::kI64:
      if (v.kind == ITypeKind::kI64) return WasmValue::i64(static_cast<uint64_t>(v.s));
      break;
    case ValType::kF32:
      if (v.kind == ITypeKind::kF32) return WasmValue::f32(v.f32);
      break;
    case ValType::kF64:
      if (v.kind == ITypeKind::kF64) return WasmValue::f64(v.f64);
      break;
    default:
      break;
  }
  fail(m, "call-core: argument " + std::to_string(i) + " is " + describe(v) + ", the Wasm function expects " +
              val_type_name(expected));
}

IValue from_wasm(const WasmValue& w) {
  switch (w.type) {
    case ValType::kI32: return IValue::i32(static_cast<int32_t>(w.as_u32()));
    case ValType::kI64: return IValue::i64(static_cast<int64_t>(w.as_u64()));
    case ValType::kF32: return IValue::f32v(w.as_f32());
    case ValType::kF64: return IValue::f64v(w.as_f64());
    default: return IValue::i32(0);
  }
}

void call_core(LoadedModule& m, Stack& st, uint64_t index) {
  if (index >= m.core.size()) fail(m, "call-core " + std::to_string(index) + ": no such function");
  CoreFunction& f = m.core[index];
  if (f.wasm_index >= 0) {
    const FuncSig& sig = m.instance->function_sig(f.wasm_index);
    size_t n = sig.params.size();
    if (st.values.size() < n)
      fail(m, "call-core " + f.name + ": needs " + std::to_string(n) + " values, the stack has " +
                  std::to_string(st.values.size()));
    WasmValue args[32];
    std::vector<WasmValue> big;
    WasmValue* a = args;
    if (n > 32) { big.resize(n); a = big.data(); }
    size_t base = st.values.size() - n;
    for (size_t i = 0; i < n; ++i) a[i] = to_wasm(m, st.values[base + i], sig.params[i], i);
    st.values.resize(base);
    WasmValue res[8];
    if (sig.results.size() > 8) fail(m, "call-core " + f.name + ": too many results");
    m.call_wasm(f.wasm_index, a, n, res, sig.results.size());
    for (size_t i = 0; i < sig.results.size(); ++i) st.values.push_back(from_wasm(res[i]));
    return;
  }
  auto callee = f.callee.lock();
  if (!callee) fail(m, "call-core " + f.name + ": the imported module was unloaded");
  auto it = callee->functions.find(f.name);
  if (it == callee->functions.end())
    fail(m, "module '" + callee->name + "' has no exported function '" + f.name + "'");
  size_t n = it->second.signature.arguments.size();
  if (st.values.size() < n)
    fail(m, "call-core " + f.name + ": needs " + std::to_string(n) + " values, the stack has " +
                std::to_string(st.values.size()));
  std::vector<IValue> args(std::make_move_iterator(st.values.end() - static_cast<long>(n)),
                           std::make_move_iterator(st.values.end()));
  st.values.resize(st.values.size() - n);
  auto results = call_exported(*callee, f.name, std::move(args));
  for (auto& r : results) st.values.push_back(std::move(r));
}

}  // namespace

std::vector<IValue> run_adapter(LoadedModule& m, const Adapter& adapter, std::vector<IValue> inputs) {
  Stack st{{}, m};
  st.values.reserve(8);
  for (const Instruction& ins : adapter.body) {
    const char* name = opcode_name(ins.op);
    switch (ins.op) {
      case Opcode::kArgGet:
        if (ins.imm >= inputs.size())
          fail(m, "arg.get " + std::to_string(ins.imm) + ": only " + std::to_string(inputs.size()) + " inputs");
        st.values.push_back(inputs[ins.imm]);
        break;
      case Opcode::kCallCore:
        call_core(m, st, ins.imm);
        break;
      case Opcode::kBoolFromI32:
        st.values.push_back(IValue::boolean(st.pop_kind(name, ITypeKind::kI32).s != 0));
        break;
      case Opcode::kI32FromBool:
        st.values.push_back(IValue::i32(st.pop_kind(name, ITypeKind::kBoolean).b ? 1 : 0));
        break;
      case Opcode::kI32Push:
        st.values.push_back(IValue::i32(static_cast<int32_t>(static_cast<uint32_t>(ins.imm))));
        break;
      case Opcode::kI64Push:
        st.values.push_back(IValue::i64(static_cast<int64_t>(ins.imm)));
        break;
      case Opcode::kDup: {
        if (st.values.empty()) fail(m, "dup: the stack is empty");
        IValue top = st.values.back();
        st.values.push_back(std::move(top));
        break;
      }
      case Opcode::kSwap2: {
        if (st.values.size() < 2) fail(m, "swap2: fewer than two values on the stack");
        std::swap(st.values[st.values.size() - 1], st.values[st.values.size() - 2]);
        break;
      }
      case Opcode::kStringSize: {
        IValue s = st.pop_kind(name, ITypeKind::kString);
        st.values.push_back(IValue::i32(static_cast<int32_t>(s.str.size())));
        break;
      }
      case Opcode::kByteArraySize: {
        IValue v = st.pop(name);
        if (v.kind == ITypeKind::kByteArray) st.values.push_back(IValue::i32(static_cast<int32_t>(v.bytes.size())));
        else if (v.kind == ITypeKind::kArray) st.values.push_back(IValue::i32(static_cast<int32_t>(v.items.size())));
        else fail(m, "byte_array.size: expected a byte array, found " + describe(v));
        break;
      }
      case Opcode::kStringLowerMemory: {
        IValue s = st.pop_kind(name, ITypeKind::kString);
        uint32_t ptr = st.pop_u32(name);
        auto lilo = m.lilo();
        lilo.write_bytes(ptr, reinterpret_cast<const uint8_t*>(s.str.data()), s.str.size());
        st.values.push_back(IValue::i32(static_cast<int32_t>(ptr)));
        st.values.push_back(IValue::i32(static_cast<int32_t>(s.str.size())));
        break;
      }
      case Opcode::kByteArrayLowerMemory: {
        IValue v = st.pop(name);
        uint32_t ptr = st.pop_u32(name);
        std::vector<uint8_t> bytes;
        if (v.kind == ITypeKind::kByteArray) bytes = std::move(v.bytes);
        else if (v.kind == ITypeKind::kArray) for (auto& x : v.items) bytes.push_back(static_cast<uint8_t>(x.u));
        else fail(m, "byte_array.lower_memory: expected a byte array, found " + describe(v));
        m.lilo().write_bytes(ptr, bytes.data(), bytes.size());
        st.values.push_back(IValue::i32(static_cast<int32_t>(ptr)));
        st.values.push_back(IValue::i32(static_cast<int32_t>(bytes.size())));
        break;
      }
      case Opcode::kStringLiftMemory: {
        uint32_t len = st.pop_u32(name), ptr = st.pop_u32(name);
        st.values.push_back(m.lilo().lift_string(ptr, len));
        break;
      }
      case Opcode::kByteArrayLiftMemory: {
        uint32_t len = st.pop_u32(name), ptr = st.pop_u32(name);
        st.values.push_back(m.lilo().lift_byte_array(ptr, len));
        break;
      }
      case Opcode::kArrayLiftMemory: {
        uint32_t count = st.pop_u32(name), ptr = st.pop_u32(name);
        st.values.push_back(m.lilo().lift_array(ins.type, ptr, count));
        break;
      }
      case Opcode::kArrayLowerMemory: {
        IValue v = st.pop(name);
        if (!value_matches(v, IType::array(ins.type), m.it) && !(v.kind == ITypeKind::kByteArray))
          fail(m, "array.lower_memory: value " + describe(v) + " does not match array (" + it_text(ins.type) + ")");
        auto lilo = m.lilo();
        auto [ptr, count] = lilo.lower_array(ins.type, v);
        st.values.push_back(IValue::i32(static_cast<int32_t>(ptr)));
        st.values.push_back(IValue::i32(static_cast<int32_t>(count)));
        break;
      }
      case Opcode::kRecordLiftMemory: {
        uint32_t ptr = st.pop_u32(name);
        st.values.push_back(m.lilo().lift_record(ins.imm, ptr));
        break;
      }
      case Opcode::kRecordLowerMemory: {
        IValue v = st.pop(name);
        if (!value_matches(v, IType::record(ins.imm), m.it))
          fail(m, "record.lower_memory: value " + describe(v) + " does not match record type " +
                      std::to_string(ins.imm));
        auto lilo = m.lilo();
        uint32_t ptr = lilo.lower_record(ins.imm, v);
        st.values.push_back(IValue::i32(static_cast<int32_t>(ptr)));
        break;
      }
      default: {
        Conversion c;
        if (!conversion_of(ins.op, c)) fail(m, std::string("unsupported instruction ") + (name ? name : "?"));
        IValue v = st.pop(name);
        st.values.push_back(convert(m, v, c.from, c.to, ins.op));
        break;
      }
    }
  }
  return std::move(st.values);
}

}  // namespace fluence::marine
