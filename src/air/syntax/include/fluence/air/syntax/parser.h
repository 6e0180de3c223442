// Parsing AIR text into a validated Script (lexer + parser + static validator, spec air.md
// §4.1-§4.4). Never throws for bad input and never recurses on nesting depth.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/syntax/script.h"

namespace fluence::air {

// One problem found in a script: where it is and what it is (the reference's label text, e.g.
// "variable 'x' wasn't defined", "expected <nothing>").
struct ParseDiagnostic {
  Pos left = 0;   // byte span the problem covers
  Pos right = 0;
  std::string message;
};

struct ParseResult {
  std::optional<Script> script;              // set on success
  std::vector<ParseDiagnostic> diagnostics;  // set on failure (at least one)

  // The rendered diagnostic in the reference's style ("error: \n  ┌─ script.air:1:6\n ..."),
  // empty on success. The interpreter's outcome message is "air can't be parsed:\n" + this.
  std::string error_text;

  bool ok() const { return script.has_value(); }
};

// Nesting deeper than this is rejected with a diagnostic (the parser itself is iterative; the
// limit protects recursive consumers of the AST such as the interpreter).
inline constexpr size_t kMaxNestingDepth = 10000;

ParseResult parse_air(std::string_view text);

}  // namespace fluence::air
