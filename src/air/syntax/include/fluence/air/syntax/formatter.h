// Pretty-printing AIR: one instruction per line, children indented by nesting depth. The
// output parses back to the same AST (positions aside).
#pragma once

#include <string>

#include "fluence/air/syntax/ast.h"

namespace fluence::air {

struct FormatOptions {
  int indent = 2;  // spaces per nesting level
};

std::string format_air(const Instruction& root, const FormatOptions& options = {});

}  // namespace fluence::air
