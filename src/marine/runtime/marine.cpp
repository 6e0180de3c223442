#include "fluence/marine/marine.h"

#include <algorithm>
#include <cstring>

#include <spdlog/spdlog.h>

#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/wasm_sections.h"
#include "host_api.h"
#include "loaded_module.h"
#include "wasi.h"

namespace fluence::marine {

namespace {

[[noreturn]] void fail(const std::string& what) { throw Error(ErrorKind::kInvalidInput, what); }

constexpr uint64_t kPage = 65536;
constexpr uint64_t kMaxMemory = 65536 * kPage;

}  // namespace

// ---- LoadedModule ----

void LoadedModule::call_wasm(int wasm_index, const WasmValue* args, size_t nargs, WasmValue* results,
                             size_t nresults) {
  runtime->apply_memory_limits();
  instance->call(wasm_index, args, nargs, results, nresults);
}

uint32_t LoadedModule::allocate(uint32_t size, uint32_t tag) {
  if (core.empty() || core[0].wasm_index < 0) fail("module '" + name + "' has no allocate function");
  WasmValue args[2] = {WasmValue::i32(size), WasmValue::i32(tag)};
  WasmValue result;
  const FuncSig& sig = instance->function_sig(core[0].wasm_index);
  if (sig.params.size() != 2 || sig.results.size() != 1)
    fail("module '" + name + "': allocate has signature " + to_string(sig) + ", expected (i32, i32) -> (i32)");
  call_wasm(core[0].wasm_index, args, 2, &result, 1);
  return result.as_u32();
}

Lilo LoadedModule::lilo() {
  return Lilo{*instance, it, [this](uint32_t size, uint32_t tag) { return allocate(size, tag); }};
}

std::vector<IValue> call_exported(LoadedModule& m, const std::string& function, std::vector<IValue> args) {
  auto it = m.functions.find(function);
  if (it == m.functions.end()) fail("module '" + m.name + "' has no function '" + function + "'");
  return run_adapter(m, *it->second.adapter, std::move(args));
}

void RuntimeState::apply_memory_limits() {
  uint64_t limit = options.total_memory_limit;
  if (limit == 0) {
    for (auto& m : modules)
      if (m->instance) m->instance->set_memory_limit(kMaxMemory);
    return;
  }
  uint64_t used = 0;
  for (auto& m : modules)
    if (m->instance) used += m->instance->memory_size();
  uint64_t remaining = limit > used ? limit - used : 0;
  for (auto& m : modules)
    if (m->instance) m->instance->set_memory_limit(std::min(kMaxMemory, m->instance->memory_size() + remaining));
}

bool RuntimeState::memory_exhausted() const {
  if (options.total_memory_limit == 0) return false;
  uint64_t used = 0;
  for (const auto& m : modules)
    if (m->instance) used += m->instance->memory_size();
  return used + kPage > options.total_memory_limit;
}

// ---- Marine ----

struct Marine::Impl {
  RuntimeState state;
  std::unique_ptr<Engine> interpreter;
  std::map<std::string, std::unique_ptr<WasiContext>> wasi;

  LoadedModule& find(const std::string& name) const {
    for (const auto& m : state.modules)
      if (m->name == name) return *m;
    throw Error(ErrorKind::kNotFound, "module with name '" + name + "' isn't loaded into Marine");
  }
};

Marine::Marine(RuntimeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->state.options = std::move(options);
  impl_->interpreter = make_interpreter_engine();
}

Marine::~Marine() {
  // Unload in reverse order: later modules hold adapters into earlier ones.
  while (!impl_->state.modules.empty()) impl_->state.modules.pop_back();
}

ModuleInfo read_module_info(const std::vector<uint8_t>& wasm) {
  ModuleInfo info;
  auto sdk = custom_sections(wasm, "__fluence_sdk_version");
  if (sdk.empty()) fail("the module doesn't contain section with '__fluence_sdk_version'");
  if (sdk.size() > 1) fail("the module contains " + std::to_string(sdk.size()) + " '__fluence_sdk_version' sections");
  info.sdk_version.assign(sdk[0].begin(), sdk[0].end());
  if (compare_semver(info.sdk_version, "0.6.0") < 0)
    fail("the module was built with SDK " + info.sdk_version + "; at least 0.6.0 is required");
  auto it = custom_sections(wasm, "interface-types");
  if (it.empty()) fail("the module doesn't contain an 'interface-types' section");
  if (it.size() > 1) fail("the module contains " + std::to_string(it.size()) + " 'interface-types' sections");
  info.it_version = decode_it_section(it[0].data(), it[0].size()).version;
  auto manifest = custom_sections(wasm, "__fluence_wasm_module_manifest");
  if (!manifest.empty()) {
    static const char* kFields[] = {"authors", "version", "description", "repository", "build time"};
    const auto& m = manifest[0];
    size_t pos = 0;
    for (const char* field : kFields) {
      if (m.size() - pos < 8) { info.manifest_text += "(malformed manifest)\n"; break; }
      uint64_t len;
      std::memcpy(&len, m.data() + pos, 8);
      pos += 8;
      if (len > m.size() - pos) { info.manifest_text += "(malformed manifest)\n"; break; }
      info.manifest_text += std::string(field) + ": " + std::string(m.begin() + static_cast<long>(pos),
                                                                    m.begin() + static_cast<long>(pos + len)) + "\n";
      pos += len;
    }
  }
  return info;
}

void Marine::load_module(const std::string& name, const std::vector<uint8_t>& wasm, const ModuleConfig& config) {
  auto& st = impl_->state;
  for (const auto& m : st.modules)
    if (m->name == name) fail("module with name '" + name + "' is already loaded");

  // 2-3: SDK version and IT sections.
  ModuleInfo info = read_module_info(wasm);
  auto it_payload = custom_sections(wasm, "interface-types")[0];
  auto module = std::make_shared<LoadedModule>();
  module->name = name;
  module->config = config;
  module->runtime = &st;
  module->it = decode_it_section(it_payload.data(), it_payload.size());
  if (compare_semver(module->it.version, "0.20.0") < 0)
    fail("module '" + name + "': interface-types version " + module->it.version + " is older than 0.20.0");
  validate_it_section(module->it);

  // 1: compile.
  Engine& engine = *impl_->interpreter;
  module->engine_module = engine.compile(wasm);
  module->engine_name = engine.name();

  // WASI context: envs, then mapped dirs as variables (alias=host path).
  std::vector<std::string> env;
  std::map<std::string, std::string> env_map = config.envs;
  for (const auto& [alias, host] : config.mapped_dirs) env_map[alias] = host;
  for (const auto& [k, v] : env_map) env.push_back(k + "=" + v);
  LoadedModule* raw = module.get();
  auto wasi = std::make_unique<WasiContext>(env, config.mapped_dirs,
                                            [raw]() -> EngineInstance* { return raw->instance.get(); });

  // 4: imports.
  std::map<std::pair<std::string, std::string>, const Implementation*> import_impls;
  for (const auto& imp : module->it.imports)
    for (const auto& impl : module->it.implementations)
      if (impl.core_type == imp.function_type) import_impls[{imp.ns, imp.name}] = &impl;
  std::vector<HostFunction> hosts;
  for (const auto& imp : module->engine_module->imports()) {
    if (imp.kind != ExternKind::kFunc)
      fail("module '" + name + "' imports a non-function " + imp.module + "." + imp.name + ", which Marine cannot provide");
    if (imp.module == "wasi_snapshot_preview1") {
      hosts.push_back(wasi->function(imp.name, imp.sig));
      continue;
    }
    int version = host_api_version(imp.module);
    if (version >= 0) {
      hosts.push_back(make_host_function(*module, version, imp.name, imp.sig));
      continue;
    }
    auto found = import_impls.find({imp.module, imp.name});
    if (found == import_impls.end())
      fail("module '" + name + "' imports " + imp.module + "." + imp.name +
           ", which is neither WASI, the host API, nor an IT import of a loaded module");
    std::shared_ptr<LoadedModule> target;
    for (const auto& m : st.modules)
      if (m->name == imp.module) target = m;
    if (!target) fail("module with name '" + imp.module + "' isn't loaded into Marine");
    const Adapter* adapter = nullptr;
    for (const auto& a : module->it.adapters)
      if (a.function_type == found->second->adapter_type) adapter = &a;
    FuncSig sig = imp.sig;
    std::string import_name = imp.module + "." + imp.name;
    hosts.push_back([raw, adapter, sig, import_name](const WasmValue* args, WasmValue* results) {
      std::vector<IValue> inputs;
      inputs.reserve(sig.params.size());
      for (size_t i = 0; i < sig.params.size(); ++i) {
        const WasmValue& w = args[i];
        switch (w.type) {
          case ValType::kI32: inputs.push_back(IValue::i32(static_cast<int32_t>(w.as_u32()))); break;
          case ValType::kI64: inputs.push_back(IValue::i64(static_cast<int64_t>(w.as_u64()))); break;
          case ValType::kF32: inputs.push_back(IValue::f32v(w.as_f32())); break;
          case ValType::kF64: inputs.push_back(IValue::f64v(w.as_f64())); break;
          default: fail("import " + import_name + " has an unsupported parameter type");
        }
      }
      auto out = run_adapter(*raw, *adapter, std::move(inputs));
      if (out.size() != sig.results.size())
        fail("import adapter of " + import_name + " left " + std::to_string(out.size()) + " values, the Wasm import returns " +
             std::to_string(sig.results.size()));
      for (size_t i = 0; i < out.size(); ++i) {
        const IValue& v = out[i];
        ValType t = sig.results[i];
        if (t == ValType::kI32 && v.kind == ITypeKind::kI32) results[i] = WasmValue::i32(static_cast<uint32_t>(v.s));
        else if (t == ValType::kI64 && v.kind == ITypeKind::kI64) results[i] = WasmValue::i64(static_cast<uint64_t>(v.s));
        else if (t == ValType::kF32 && v.kind == ITypeKind::kF32) results[i] = WasmValue::f32(v.f32);
        else if (t == ValType::kF64 && v.kind == ITypeKind::kF64) results[i] = WasmValue::f64(v.f64);
        else fail("import adapter of " + import_name + " returned " + describe(v) + " for a " + val_type_name(t) + " result");
      }
      raw->runtime->apply_memory_limits();
    });
    if (!adapter) fail("module '" + name + "': no adapter for import " + import_name);
  }

  // 5: instantiate under the current memory budget.
  InstanceLimits limits;
  if (st.options.total_memory_limit) {
    uint64_t used = 0;
    for (const auto& m : st.modules) used += m->instance->memory_size();
    limits.max_memory_bytes = st.options.total_memory_limit > used ? st.options.total_memory_limit - used : 0;
  }
  try {
    module->instance = engine.instantiate(module->engine_module, std::move(hosts), limits);
  } catch (const Error& e) {
    throw Error(e.kind(), "module '" + name + "': " + e.what());
  }
  if (st.options.total_memory_limit && module->instance->memory_size() > limits.max_memory_bytes)
    throw Error(ErrorKind::kLimit, "module '" + name + "' needs " + std::to_string(module->instance->memory_size()) +
                                       " bytes of memory at start, more than the remaining limit of " +
                                       std::to_string(limits.max_memory_bytes));

  // 6: call-core table.
  for (const auto& e : module->it.exports) {
    CoreFunction f;
    f.name = e.name;
    f.wasm_index = module->instance->find_function(e.name);
    if (f.wasm_index < 0) fail("module '" + name + "': IT export '" + e.name + "' is not exported by the Wasm module");
    module->core.push_back(std::move(f));
  }
  for (const auto& imp : module->it.imports) {
    bool implemented = false;
    for (const auto& impl : module->it.implementations) implemented = implemented || impl.core_type == imp.function_type;
    if (!implemented) continue;
    CoreFunction f;
    f.name = imp.name;
    for (const auto& m : st.modules)
      if (m->name == imp.ns) f.callee = m;
    if (f.callee.expired()) fail("module with name '" + imp.ns + "' isn't loaded into Marine");
    module->core.push_back(std::move(f));
  }

  // 7: callable functions.
  for (const auto& impl : module->it.implementations) {
    const Adapter* adapter = nullptr;
    for (const auto& a : module->it.adapters)
      if (a.function_type == impl.adapter_type) adapter = &a;
    for (const auto& e : module->it.exports) {
      if (e.function_type != impl.core_type) continue;
      const FunctionType& ft = module->it.types[impl.adapter_type].function();
      ExportedFunction fn{FunctionSignature{e.name, ft.arguments, ft.outputs}, adapter};
      if (!module->functions.count(e.name)) module->function_order.push_back(e.name);
      module->functions[e.name] = std::move(fn);
    }
  }

  // 8-9: register, then run _initialize and _start.
  impl_->wasi[name] = std::move(wasi);
  st.modules.push_back(module);
  try {
    for (const char* init : {"_initialize", "_start"}) {
      int idx = module->instance->find_function(init);
      if (idx < 0) continue;
      const FuncSig& sig = module->instance->function_sig(idx);
      if (!sig.params.empty() || !sig.results.empty()) continue;
      module->call_wasm(idx, nullptr, 0, nullptr, 0);
    }
  } catch (const Error& e) {
    st.modules.pop_back();
    impl_->wasi.erase(name);
    throw Error(e.kind(), "module '" + name + "' failed to initialise: " + e.what());
  }
}

void Marine::unload_module(const std::string& name) {
  auto& mods = impl_->state.modules;
  auto it = std::find_if(mods.begin(), mods.end(), [&](const auto& m) { return m->name == name; });
  if (it == mods.end()) throw Error(ErrorKind::kNotFound, "module with name '" + name + "' isn't loaded into Marine");
  mods.erase(it);
  impl_->wasi.erase(name);
}

bool Marine::has_module(const std::string& name) const {
  for (const auto& m : impl_->state.modules)
    if (m->name == name) return true;
  return false;
}

std::vector<std::string> Marine::module_names() const {
  std::vector<std::string> out;
  for (const auto& m : impl_->state.modules) out.push_back(m->name);
  return out;
}

std::vector<IValue> Marine::call(const std::string& module, const std::string& function,
                                 const std::vector<IValue>& args, const CallParameters& params) {
  auto& st = impl_->state;
  LoadedModule& m = impl_->find(module);
  if (!m.functions.count(function))
    throw Error(ErrorKind::kNotFound, "module '" + module + "' has no function '" + function + "'");
  st.call_parameters = params;
  if (st.options.fuel_per_call)
    for (auto& x : st.modules) x->instance->set_fuel(static_cast<int64_t>(st.options.fuel_per_call));
  try {
    return call_exported(m, function, args);
  } catch (const Error& e) {
    if (st.memory_exhausted())
      throw Error(ErrorKind::kLimit, std::string(e.what()) + " (high probability of OOM: the service reached its memory limit of " +
                                         std::to_string(st.options.total_memory_limit) + " bytes)");
    throw;
  }
}

const FunctionSignature& Marine::function_signature(const std::string& module, const std::string& function) const {
  LoadedModule& m = impl_->find(module);
  auto it = m.functions.find(function);
  if (it == m.functions.end()) throw Error(ErrorKind::kNotFound, "module '" + module + "' has no function '" + function + "'");
  return it->second.signature;
}

ModuleInterface Marine::module_interface(const std::string& module) const {
  LoadedModule& m = impl_->find(module);
  ModuleInterface iface;
  for (const auto& name : m.function_order) iface.functions.push_back(m.functions.at(name).signature);
  for (size_t i = 0; i < m.it.types.size(); ++i)
    if (m.it.types[i].is_record()) iface.records[i] = m.it.types[i].record();
  return iface;
}

const ModuleConfig& Marine::module_config(const std::string& module) const { return impl_->find(module).config; }

std::string Marine::engine_of(const std::string& module) const { return impl_->find(module).engine_name; }

MemoryStats Marine::memory_stats() const {
  MemoryStats s;
  for (const auto& m : impl_->state.modules)
    s.modules.push_back(ModuleStats{m->name, m->instance->memory_size(), m->engine_name});
  s.allocation_rejects = impl_->state.memory_exhausted() ? 1 : 0;
  return s;
}

}  // namespace fluence::marine
