// Helpers shared by the syntax tests: reading the recorded corpus and comparing our parser's
// result with the reference's `ast` export text.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/parser.h"

namespace fluence::air::test {

inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests/air/syntax/corpus";
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::filesystem::path> corpus_scripts() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(corpus_dir())) {
    if (e.path().extension() == ".air") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Our answer in the reference's form: the AST JSON, or the rendered parse error.
inline std::string our_output(const std::string& script) {
  ParseResult r = parse_air(script);
  if (r.ok()) return ast_to_json(r.script->root());
  return r.error_text;
}

// The reference lists the undefined variables of one check in the iteration order of a Rust
// HashMap, which is seeded randomly per process: the same script gives differently ordered label
// lines from run to run. Texts that differ only in the order of their lines count as equal.
inline bool same_diagnostic(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find('\n', start);
      if (end == std::string::npos) end = s.size();
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  return lines(a) == lines(b);
}

}  // namespace fluence::air::test
