// Canonical text of instructions and values (spec air.md §4.5), as put into the `instruction`
// field of error objects. Byte-exact with AquaVM 0.62.
#pragma once

#include <string>

#include "fluence/air/syntax/ast.h"

namespace fluence::air {

// The instruction's header text, e.g. `call "p" ("s" "f") [x] y`, `fold $s i`, `seq`.
std::string instruction_text(const Instruction& instr);
void append_instruction_text(std::string& out, const Instruction& instr);

// One operand as it appears in instruction_text (literals quoted, variables with sigil and
// canonical lens, floats in Rust Display form).
void append_value_text(std::string& out, const Value& value);
void append_variable_text(std::string& out, const Variable& var);

}  // namespace fluence::air
