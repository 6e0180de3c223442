#include "test_util.h"

#include <cstdlib>

namespace fluence::aqua::testing {

CompileResult compile(const std::string& src, const CompileOptions& opts) { return compile_string(src, "test.aqua", opts); }

std::string air_of(const CompileResult& r, const std::string& name) {
  for (const auto& f : r.functions) {
    if (name.empty() || f.name == name) return f.air;
  }
  return "";
}

std::string errors_of(const CompileResult& r, bool warnings) {
  std::string out;
  for (const auto& d : r.diagnostics) {
    if (d.severity == Severity::kWarning && !warnings) continue;
    out += std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message + "\n";
  }
  return out;
}

std::string source_dir() {
  const char* e = std::getenv("FLUENCE_SOURCE_DIR");
  return e ? e : FLUENCE_SOURCE_DIR;
}

}  // namespace fluence::aqua::testing
