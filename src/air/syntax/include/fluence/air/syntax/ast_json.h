// The AST as compact JSON in the shape of AquaVM's `ast` export (spec air.md §4.6), for
// diffing our parser against the reference.
#pragma once

#include <string>

#include "fluence/air/syntax/ast.h"

namespace fluence::air {

std::string ast_to_json(const Instruction& root);

}  // namespace fluence::air
