// Renders parse diagnostics the way AquaVM's parser does (codespan-reporting's plain-text
// style: "error: ", a "┌─ script.air:L:C" header, the source lines with carets and labels).
// Internal to fluence_air_syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/syntax/parser.h"

namespace fluence::air {

std::string render_diagnostics(std::string_view text, const std::vector<ParseDiagnostic>& diags);

}  // namespace fluence::air
