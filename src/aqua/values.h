// Compile-time values of the elaborator: what an Aqua name stands for while a function is
// inlined (an AIR operand with its type, an arrow to inline, an ability, a service, a module),
// and the module scopes that hold top-level definitions.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast.h"
#include "types.h"

namespace fluence::aqua {

struct ArrowImpl;
struct ModuleScope;
struct Env;

struct CValue {
  enum Kind { kError, kData, kArrow, kAbility, kService, kModule } kind = kError;
  const Type* type = nullptr;
  std::string base;  // AIR operand: variable, literal, $stream, #canon, :error:
  std::string lens;  // ".field.[0]" (printed as base.$.field.[0])
  bool literal = false;
  std::shared_ptr<ArrowImpl> arrow;
  std::shared_ptr<std::map<std::string, CValue>> fields;  // ability values
  std::shared_ptr<CValue> service_id;                      // service: bound id (null if none)
  ModuleScope* module = nullptr;

  std::string operand() const { return lens.empty() ? base : base + ".$" + lens; }
  bool is_stream_var() const { return kind == kData && !base.empty() && base[0] == '$' && lens.empty(); }
};

struct ArrowImpl {
  enum Kind { kFunc, kClosure, kServiceMethod, kCallback, kSymbolic } kind = kSymbolic;
  const Type* type = nullptr;
  const FuncDef* func = nullptr;       // kFunc
  ModuleScope* scope = nullptr;        // kFunc: where the function was defined
  const Stmt* closure = nullptr;       // kClosure
  Env* env = nullptr;                  // kClosure: captured names
  int loc = 0;                         // kClosure: where it was defined
  int mute = 0;                        // kClosure: diagnostics state at the definition
  CValue service;                      // kServiceMethod: the service value (id)
  std::string name;                    // method / callback name
};

struct GlobalSym {
  enum Kind { kConst, kType, kService, kFunc, kModule } kind = kConst;
  CValue value;               // const literal, service, function arrow
  const Type* type = nullptr; // kType
  ModuleScope* module = nullptr;
  Pos pos;
};

// The names visible at the top level of one file, or the names a `use` brings under a prefix.
struct ModuleScope {
  std::string name;
  int32_t file = -1;
  std::unordered_map<std::string, GlobalSym> syms;
  std::vector<std::string> own;  // names defined in this file, in order
  bool declares_all = false;
  std::vector<std::string> declares;
};

// A local name scope (function body, for/if/try/catch blocks, closures).
struct Env {
  Env* parent = nullptr;
  ModuleScope* module = nullptr;
  std::unordered_map<std::string, CValue> vars;
};

}  // namespace fluence::aqua
