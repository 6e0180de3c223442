// Helpers for the Aqua compiler tests: compile a source text and look at its diagnostics/AIR.
#pragma once

#include <string>

#include "fluence/aqua/compiler.h"

namespace fluence::aqua::testing {

CompileResult compile(const std::string& src, const CompileOptions& opts = {});
// The AIR of the only (or the named) exported function; "" when it did not compile.
std::string air_of(const CompileResult& r, const std::string& name = "");
// "line:col: message" of every error (warnings too when `warnings`), one per line.
std::string errors_of(const CompileResult& r, bool warnings = false);
std::string source_dir();

}  // namespace fluence::aqua::testing
