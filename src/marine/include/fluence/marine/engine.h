// The Wasm engine interface Marine runs modules on. Two backends implement it: the wabt
// interpreter (runs everything, starts instantly) and the ahead-of-time tier (wasm2c + the
// system C compiler). Kept C++17-clean because the wabt backend is compiled as C++17.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fluence/core/error.h"

namespace fluence::marine {

enum class ValType : uint8_t { kI32, kI64, kF32, kF64, kV128, kFuncRef, kExternRef };

const char* val_type_name(ValType t);

// A core Wasm value; floats are kept as their bit patterns.
struct WasmValue {
  ValType type = ValType::kI32;
  uint64_t bits = 0;

  static WasmValue i32(uint32_t v) { return WasmValue{ValType::kI32, v}; }
  static WasmValue i64(uint64_t v) { return WasmValue{ValType::kI64, v}; }
  static WasmValue f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return WasmValue{ValType::kF32, b}; }
  static WasmValue f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return WasmValue{ValType::kF64, b}; }
  uint32_t as_u32() const { return static_cast<uint32_t>(bits); }
  uint64_t as_u64() const { return bits; }
  float as_f32() const { uint32_t b = static_cast<uint32_t>(bits); float v; std::memcpy(&v, &b, 4); return v; }
  double as_f64() const { double v; std::memcpy(&v, &bits, 8); return v; }
};

struct FuncSig {
  std::vector<ValType> params, results;
  bool operator==(const FuncSig& o) const { return params == o.params && results == o.results; }
  bool operator!=(const FuncSig& o) const { return !(*this == o); }
};
std::string to_string(const FuncSig& sig);  // "(i32, i32) -> (i32)"

enum class ExternKind : uint8_t { kFunc, kTable, kMemory, kGlobal, kTag };

struct ImportInfo {
  std::string module, name;
  ExternKind kind = ExternKind::kFunc;
  FuncSig sig;  // kFunc only
};

struct ExportInfo {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  FuncSig sig;  // kFunc only
};

// Thrown when Wasm code traps (including host functions that fail and exhausted fuel).
class WasmTrap : public Error {
 public:
  WasmTrap(ErrorKind kind, const std::string& message) : Error(kind, message) {}
};

// A host function bound to one importing instance. It reads `args` and writes `results`
// (sized by the import's signature). Throwing any exception traps the Wasm caller; the
// exception is rethrown from the outermost EngineInstance::call.
using HostFunction = std::function<void(const WasmValue* args, WasmValue* results)>;

// Per-instance resource limits.
struct InstanceLimits {
  uint64_t max_memory_bytes = 4ull << 30;  // the exported memory may never grow past this
};

class EngineModule {
 public:
  virtual ~EngineModule() = default;
  virtual const std::vector<ImportInfo>& imports() const = 0;
  virtual const std::vector<ExportInfo>& exports() const = 0;
};

class EngineInstance {
 public:
  virtual ~EngineInstance() = default;

  // Index of an exported function, or -1.
  virtual int find_function(const std::string& name) const = 0;
  virtual const FuncSig& function_sig(int index) const = 0;
  // Calls an exported function. Throws WasmTrap (or the exception a host function threw).
  virtual void call(int index, const WasmValue* args, size_t nargs, WasmValue* results, size_t nresults) = 0;

  // The exported memory named "memory" (nullptr/0 when absent). The pointer is invalidated by
  // any call into the instance (memory may grow).
  virtual uint8_t* memory_data() = 0;
  virtual uint64_t memory_size() const = 0;
  // Caps further growth of the memory at `bytes` (never below its current size); used by the
  // service-wide memory limiter before each entry into Wasm code.
  virtual void set_memory_limit(uint64_t bytes) = 0;

  // Remaining fuel of an instrumented module (see fuel.h); -1 when not instrumented.
  virtual int64_t fuel() const = 0;
  virtual void set_fuel(int64_t fuel) = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  // Validates and compiles a module. Throws fluence::Error with the engine's message.
  virtual std::shared_ptr<EngineModule> compile(const std::vector<uint8_t>& wasm) = 0;
  // `imports` holds one host function per function import, in import order; non-function
  // imports are not supported (Marine modules never have them). Runs no start code except a
  // Wasm start section.
  virtual std::unique_ptr<EngineInstance> instantiate(const std::shared_ptr<EngineModule>& module,
                                                      std::vector<HostFunction> imports,
                                                      const InstanceLimits& limits) = 0;
};

// The wabt interpreter backend: every module, SIMD included.
std::unique_ptr<Engine> make_interpreter_engine();

}  // namespace fluence::marine
