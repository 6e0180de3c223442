// Helpers shared by the syntax tests: reading the recorded corpus and comparing our parser's
// result with the reference's `ast` export text.
#pragma once

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

// Scripts whose parse-error text we knowingly render differently from the reference (both sides
// reject them; the label messages agree). Why, per group:
//  * The reference's LR parser recovers from a syntax error and goes on, so it adds labels for
//    later problems ("expected <nothing>" at the end, validator errors of the recovered tree);
//    we stop at the first syntax error.
//  * The reference lists undefined variables in hash-map order; we list them in text order, which
//    changes how codespan stacks labels that start on the same column.
//  * Lens grammar errors print lalrpop's recovery list with the dropped tokens; we print an empty
//    dropped-token list.
inline bool known_text_deviation(const std::string& name) {
  static const char* kNames[] = {
#include "corpus_text_deviations.inc"
  };
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace fluence::air::test
