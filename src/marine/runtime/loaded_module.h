// A module loaded into a Marine instance: its IT, engine instance, call-core table and
// exported functions. Internal to the runtime.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fluence/marine/engine.h"
#include "fluence/marine/it_section.h"
#include "fluence/marine/marine.h"
#include "lilo.h"

namespace fluence::marine {

struct LoadedModule;
struct RuntimeState;

// One entry of the call-core index space (marine.md §5.3).
struct CoreFunction {
  std::string name;
  int wasm_index = -1;                  // an export of this module, or
  std::weak_ptr<LoadedModule> callee;   // the exported IT function `name` of another module
};

struct ExportedFunction {
  FunctionSignature signature;
  const Adapter* adapter = nullptr;
};

struct LoadedModule {
  std::string name;
  ModuleConfig config;
  ItSection it;
  std::shared_ptr<EngineModule> engine_module;
  std::unique_ptr<EngineInstance> instance;
  std::string engine_name;
  std::vector<CoreFunction> core;
  std::map<std::string, ExportedFunction> functions;
  std::vector<std::string> function_order;
  RuntimeState* runtime = nullptr;

  // Calls core function `index` with Wasm values (applies memory limits first).
  void call_wasm(int wasm_index, const WasmValue* args, size_t nargs, WasmValue* results, size_t nresults);
  uint32_t allocate(uint32_t size, uint32_t tag);
  Lilo lilo();
};

// Runs an adapter of `module` on `inputs`; returns the final stack (marine.md §6).
std::vector<IValue> run_adapter(LoadedModule& module, const Adapter& adapter, std::vector<IValue> inputs);

// Calls an exported IT function of a module with IT values.
std::vector<IValue> call_exported(LoadedModule& module, const std::string& function, std::vector<IValue> args);

// State shared by every module of one Marine instance.
struct RuntimeState {
  RuntimeOptions options;
  CallParameters call_parameters;
  std::vector<std::shared_ptr<LoadedModule>> modules;  // load order
  int call_depth = 0;

  // Recomputes each module's memory cap from the service-wide budget; called before every
  // entry into Wasm code and after every host function.
  void apply_memory_limits();
  bool memory_exhausted() const;
};

}  // namespace fluence::marine
