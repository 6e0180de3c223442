// Aqua parser: turns the nested lines of the lexer into a Module (header + definitions).
// A line that does not parse is reported and skipped, so one run reports many errors.
#pragma once

#include "ast.h"
#include "lexer.h"

namespace fluence::aqua {

Module parse_module(const SourceFile& file, int32_t file_index, DiagnosticSink& diags);

}  // namespace fluence::aqua
