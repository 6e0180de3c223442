// The wabt interpreter backend. Compiled as C++17: wabt 1.0.32's interp headers do not build
// as C++20 with GCC 12.
#include <exception>
#include <memory>
#include <utility>
#include <vector>

#include <wabt/binary-reader.h>
#include <wabt/error-formatter.h>
#include <wabt/feature.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include "fluence/marine/engine.h"

namespace fluence::marine {
namespace {

namespace wi = wabt::interp;

constexpr uint64_t kPage = 65536;

ValType from_wabt(wabt::Type t) {
  switch (t) {
    case wabt::Type::I32: return ValType::kI32;
    case wabt::Type::I64: return ValType::kI64;
    case wabt::Type::F32: return ValType::kF32;
    case wabt::Type::F64: return ValType::kF64;
    case wabt::Type::V128: return ValType::kV128;
    case wabt::Type::FuncRef: return ValType::kFuncRef;
    default: return ValType::kExternRef;
  }
}

FuncSig sig_of(const wi::FuncType& ft) {
  FuncSig s;
  for (auto t : ft.params) s.params.push_back(from_wabt(t));
  for (auto t : ft.results) s.results.push_back(from_wabt(t));
  return s;
}

ExternKind kind_of(wi::ExternKind k) {
  switch (k) {
    case wi::ExternKind::Func: return ExternKind::kFunc;
    case wi::ExternKind::Table: return ExternKind::kTable;
    case wi::ExternKind::Memory: return ExternKind::kMemory;
    case wi::ExternKind::Global: return ExternKind::kGlobal;
    default: return ExternKind::kTag;
  }
}

wi::Value to_wabt(const WasmValue& v) {
  switch (v.type) {
    case ValType::kI32: return wi::Value::Make(static_cast<wi::u32>(v.bits));
    case ValType::kI64: return wi::Value::Make(static_cast<wi::u64>(v.bits));
    case ValType::kF32: return wi::Value::Make(v.as_f32());
    case ValType::kF64: return wi::Value::Make(v.as_f64());
    default: return wi::Value::Make(static_cast<wi::u64>(0));
  }
}

WasmValue from_wabt(const wi::Value& v, wabt::Type t) {
  switch (t) {
    case wabt::Type::I32: return WasmValue::i32(v.Get<wi::u32>());
    case wabt::Type::I64: return WasmValue::i64(v.Get<wi::u64>());
    case wabt::Type::F32: return WasmValue::f32(v.Get<wi::f32>());
    case wabt::Type::F64: return WasmValue::f64(v.Get<wi::f64>());
    default: return WasmValue{from_wabt(t), 0};
  }
}

// State shared by all instances of one engine: the wabt store, and the exception a host
// function threw (rethrown by the outermost call so that nested failures keep their message).
struct Shared {
  wi::Store store;
  std::exception_ptr pending;
  int depth = 0;
  // One interpreter thread per nesting depth (host -> Wasm -> host -> Wasm ...), reused
  // across calls: creating a wabt Thread allocates its stacks, which dominated small calls.
  std::vector<std::unique_ptr<wi::Thread>> threads;
  explicit Shared(const wabt::Features& f) : store(f) {}

  wi::Thread& thread_at(int d) {
    if (threads.size() <= static_cast<size_t>(d)) threads.resize(static_cast<size_t>(d) + 1);
    if (!threads[static_cast<size_t>(d)]) threads[static_cast<size_t>(d)] = std::make_unique<wi::Thread>(store);
    return *threads[static_cast<size_t>(d)];
  }
};

class WabtModule : public EngineModule {
 public:
  WabtModule(std::shared_ptr<Shared> shared, wi::Module::Ptr module)
      : shared_(std::move(shared)), module_(std::move(module)) {
    for (const auto& imp : module_->desc().imports) {
      ImportInfo info;
      info.module = imp.type.module;
      info.name = imp.type.name;
      info.kind = kind_of(imp.type.type->kind);
      if (auto* ft = wabt::dyn_cast<wi::FuncType>(imp.type.type.get())) info.sig = sig_of(*ft);
      imports_.push_back(std::move(info));
    }
    for (const auto& exp : module_->desc().exports) {
      ExportInfo info;
      info.name = exp.type.name;
      info.kind = kind_of(exp.type.type->kind);
      if (auto* ft = wabt::dyn_cast<wi::FuncType>(exp.type.type.get())) info.sig = sig_of(*ft);
      exports_.push_back(std::move(info));
    }
  }
  const std::vector<ImportInfo>& imports() const override { return imports_; }
  const std::vector<ExportInfo>& exports() const override { return exports_; }

  std::shared_ptr<Shared> shared_;
  wi::Module::Ptr module_;

 private:
  std::vector<ImportInfo> imports_;
  std::vector<ExportInfo> exports_;
};

class WabtInstance : public EngineInstance {
 public:
  WabtInstance(std::shared_ptr<Shared> shared, std::shared_ptr<EngineModule> module,
               std::vector<HostFunction> hosts)
      : shared_(std::move(shared)), module_(std::move(module)), hosts_(std::move(hosts)) {}

  void instantiate(const InstanceLimits& limits) {
    auto& mod = static_cast<WabtModule&>(*module_);
    wi::Store& store = shared_->store;
    wi::RefVec imports;
    size_t next_host = 0;
    for (const auto& imp : mod.module_->desc().imports) {
      auto* ft = wabt::dyn_cast<wi::FuncType>(imp.type.type.get());
      if (!ft)
        throw Error(ErrorKind::kInvalidInput, "import " + imp.type.module + "." + imp.type.name +
                                                  " is not a function; only function imports are supported");
      if (next_host >= hosts_.size()) throw Error(ErrorKind::kInternal, "too few host functions for imports");
      size_t idx = next_host++;
      wi::FuncType type = *ft;
      std::vector<wabt::Type> results = ft->results;
      // A raw pointer: the callback lives in the store that Shared owns, so a shared_ptr
      // here would be a reference cycle that keeps the whole store alive forever.
      Shared* shared = shared_.get();
      HostFunction* fn = &hosts_[idx];
      auto cb = [shared, fn, type](wi::Thread&, const wi::Values& params, wi::Values& out,
                                   wi::Trap::Ptr* trap) -> wabt::Result {
        WasmValue args[16];
        std::vector<WasmValue> big;
        WasmValue* a = args;
        if (params.size() > 16) {
          big.resize(params.size());
          a = big.data();
        }
        for (size_t i = 0; i < params.size(); ++i) a[i] = from_wabt(params[i], type.params[i]);
        WasmValue res[4];
        try {
          (*fn)(a, res);
        } catch (...) {
          if (!shared->pending) shared->pending = std::current_exception();
          *trap = wi::Trap::New(shared->store, "host function failed");
          return wabt::Result::Error;
        }
        for (size_t i = 0; i < type.results.size() && i < 4; ++i) out[i] = to_wabt(res[i]);
        return wabt::Result::Ok;
      };
      imports.push_back(wi::HostFunc::New(store, type, cb).ref());
    }
    wi::Trap::Ptr trap;
    ++shared_->depth;
    instance_ = wi::Instance::Instantiate(store, mod.module_.ref(), imports, &trap);
    --shared_->depth;
    if (!instance_) {
      rethrow_pending();
      throw Error(ErrorKind::kInvalidInput,
                  "instantiation failed: " + (trap ? trap->message() : std::string("unknown error")));
    }
    // Index the exports.
    const auto& exports = mod.module_->desc().exports;
    for (size_t i = 0; i < exports.size(); ++i) {
      const auto& e = exports[i];
      if (e.type.type->kind == wi::ExternKind::Func) {
        Export x;
        x.name = e.type.name;
        x.func = store.UnsafeGet<wi::Func>(instance_->exports()[i]);
        x.sig = sig_of(x.func->type());
        funcs_.push_back(std::move(x));
      } else if (e.type.type->kind == wi::ExternKind::Memory && e.type.name == "memory") {
        memory_ = store.UnsafeGet<wi::Memory>(instance_->exports()[i]);
      } else if (e.type.type->kind == wi::ExternKind::Global && e.type.name == "__fluence_fuel") {
        fuel_ = store.UnsafeGet<wi::Global>(instance_->exports()[i]);
      } else if (e.type.type->kind == wi::ExternKind::Global && e.type.name == "__fluence_grow_rejects") {
        rejects_ = store.UnsafeGet<wi::Global>(instance_->exports()[i]);
      }
    }
    set_memory_limit(limits.max_memory_bytes);
  }

  int find_function(const std::string& name) const override {
    for (size_t i = 0; i < funcs_.size(); ++i)
      if (funcs_[i].name == name) return static_cast<int>(i);
    return -1;
  }

  const FuncSig& function_sig(int index) const override { return funcs_.at(index).sig; }

  void call(int index, const WasmValue* args, size_t nargs, WasmValue* results, size_t nresults) override {
    auto& f = funcs_.at(index);
    if (nargs != f.sig.params.size() || nresults != f.sig.results.size())
      throw Error(ErrorKind::kInternal, "call of '" + f.name + "' with a wrong number of values");
    wi::Values params(nargs), out;
    const auto& type = f.func->type();
    for (size_t i = 0; i < nargs; ++i) {
      if (args[i].type != f.sig.params[i])
        throw Error(ErrorKind::kInvalidInput, "call of '" + f.name + "': argument " + std::to_string(i) +
                                                  " is " + val_type_name(args[i].type) + ", expected " +
                                                  val_type_name(f.sig.params[i]));
      params[i] = to_wabt(args[i]);
    }
    wi::Trap::Ptr trap;
    int d = shared_->depth++;
    wabt::Result r = f.func->Call(shared_->thread_at(d), params, out, &trap);
    --shared_->depth;
    if (wabt::Failed(r)) {
      // A trapped thread keeps its frames; drop it.
      shared_->threads[static_cast<size_t>(d)].reset();
      if (shared_->depth == 0) rethrow_pending();
      if (shared_->pending) throw WasmTrap(ErrorKind::kInvalidInput, "host function failed");
      std::string msg = trap ? trap->message() : std::string("unknown trap");
      if (fuel_ && fuel() < 0)
        throw WasmTrap(ErrorKind::kLimit, "'" + f.name + "' was interrupted: it ran past its fuel budget (a runaway loop?)");
      throw WasmTrap(ErrorKind::kInvalidInput, "Wasm trap in '" + f.name + "': " + msg);
    }
    for (size_t i = 0; i < nresults; ++i) results[i] = from_wabt(out[i], type.results[i]);
  }

  uint8_t* memory_data() override { return memory_ ? memory_->UnsafeData() : nullptr; }
  uint64_t memory_size() const override { return memory_ ? memory_->ByteSize() : 0; }

  void set_memory_limit(uint64_t bytes) override {
    if (!memory_) return;
    // wabt's Memory::Grow honours the type's maximum; the limiter narrows it. The Memory
    // object itself is not const, so writing through the const accessor is well-defined.
    auto& limits = const_cast<wabt::Limits&>(memory_->type().limits);
    if (declared_max_ == 0) declared_max_ = limits.has_max ? limits.max : 65536;
    uint64_t pages = bytes / kPage;
    if (pages < memory_->PageSize()) pages = memory_->PageSize();
    if (pages > declared_max_) pages = declared_max_;
    limits.max = pages;
    limits.has_max = true;
  }

  int64_t fuel() const override {
    return fuel_ ? static_cast<int64_t>(fuel_->Get().Get<wi::u64>()) : -1;
  }
  void set_fuel(int64_t fuel) override {
    if (fuel_) fuel_->UnsafeSet(wi::Value::Make(static_cast<wi::u64>(fuel)));
  }
  uint64_t grow_rejects() const override { return rejects_ ? rejects_->Get().Get<wi::u32>() : 0; }

 private:
  void rethrow_pending() {
    if (shared_->pending) {
      auto e = shared_->pending;
      shared_->pending = nullptr;
      std::rethrow_exception(e);
    }
  }

  struct Export {
    std::string name;
    wi::Func::Ptr func;
    FuncSig sig;
  };

  std::shared_ptr<Shared> shared_;
  std::shared_ptr<EngineModule> module_;
  std::vector<HostFunction> hosts_;
  wi::Instance::Ptr instance_;
  std::vector<Export> funcs_;
  wi::Memory::Ptr memory_;
  wi::Global::Ptr fuel_;
  wi::Global::Ptr rejects_;
  uint64_t declared_max_ = 0;
};

class WabtEngine : public Engine {
 public:
  WabtEngine() {
    features_.EnableAll();
    features_.disable_threads();
    features_.disable_memory64();
    shared_ = std::make_shared<Shared>(features_);
  }

  std::string name() const override { return "interpreter"; }

  std::shared_ptr<EngineModule> compile(const std::vector<uint8_t>& wasm) override {
    wi::ModuleDesc desc;
    wabt::Errors errors;
    wabt::ReadBinaryOptions options(features_, nullptr, /*read_debug_names=*/false,
                                    /*stop_on_first_error=*/true, /*fail_on_custom_section_error=*/false);
    wabt::Result r = wi::ReadBinaryInterp("module.wasm", wasm.data(), wasm.size(), options, &errors, &desc);
    if (wabt::Failed(r)) {
      std::string msg = errors.empty() ? std::string("unknown error") : errors.front().message;
      throw Error(ErrorKind::kInvalidInput, "invalid Wasm module: " + msg);
    }
    auto module = wi::Module::New(shared_->store, desc);
    return std::make_shared<WabtModule>(shared_, std::move(module));
  }

  std::unique_ptr<EngineInstance> instantiate(const std::shared_ptr<EngineModule>& module,
                                              std::vector<HostFunction> imports,
                                              const InstanceLimits& limits) override {
    auto inst = std::make_unique<WabtInstance>(shared_, module, std::move(imports));
    inst->instantiate(limits);
    return inst;
  }

 private:
  wabt::Features features_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace

const char* val_type_name(ValType t) {
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
  }
  return "?";
}

std::string to_string(const FuncSig& sig) {
  std::string s = "(";
  for (size_t i = 0; i < sig.params.size(); ++i) s += (i ? ", " : "") + std::string(val_type_name(sig.params[i]));
  s += ") -> (";
  for (size_t i = 0; i < sig.results.size(); ++i) s += (i ? ", " : "") + std::string(val_type_name(sig.results[i]));
  return s + ")";
}

std::unique_ptr<Engine> make_interpreter_engine() { return std::make_unique<WabtEngine>(); }

}  // namespace fluence::marine
