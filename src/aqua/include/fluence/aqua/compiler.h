// The Aqua compiler: Aqua 0.14.6 source to AIR, one script per exported function, plus the
// functions' signatures and the exported services (like aqua-api's CompilationResult).
#pragma once

#include <string>
#include <vector>

#include "fluence/aqua/diagnostics.h"

namespace fluence::aqua {

struct CompileOptions {
  bool no_xor = false;             // no error-propagation xor around on/if
  bool no_relay = false;           // no -relay- argument and no relay hops
  bool no_empty_response = true;   // functions without results do not call callbackSrv.response
  bool tracing = false;            // tracingSrv.tracingEvent around every call
  std::vector<std::string> constants;    // overrides of `const X ?= ...`: "NAME = value"
  std::vector<std::string> import_dirs;  // import roots, searched after the importing file's folder
};

struct ArgInfo {
  std::string name;
  std::string type;  // Aqua type text, e.g. "[]string", "string -> ()"
  std::string kind;  // "data", "stream", "arrow", "option", "array", "scalar", "struct"
};

struct FunctionOutput {
  std::string name;  // exported name (after `as`)
  std::string air;   // ends with a newline
  std::vector<ArgInfo> args;
  std::vector<std::string> results;  // result types
  std::string arrow_json;            // the function's type as aqua-api's arrow type definition (JSON text)
};

struct ServiceOutput {
  std::string name;
  std::string default_id;  // empty when the service has none
  std::vector<std::pair<std::string, std::string>> methods;  // name, arrow type text
  std::string functions_json;  // the methods as aqua-api's labeled product of arrow definitions (JSON text)
};

struct CompileResult {
  std::vector<FunctionOutput> functions;  // in export order
  std::vector<ServiceOutput> services;
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in the order found
  bool ok() const;
  std::string render_diagnostics() const;
};

// Compiles the file at `path` (imports resolved from its folder, the import dirs, node_modules
// folders above it, and the built-in @fluencelabs/aqua-lib).
CompileResult compile_file(const std::string& path, const CompileOptions& options);

// Compiles `text` as if it were the file `virtual_path`.
CompileResult compile_string(const std::string& text, const std::string& virtual_path, const CompileOptions& options);

// The compiler's own copy of an @fluencelabs/aqua-lib file ("builtin.aqua", "math.aqua"), or null.
const char* builtin_library(const std::string& name);

}  // namespace fluence::aqua
