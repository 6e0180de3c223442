// The error text serde_json gives for JSON it rejects ("expected `:` at line 1 column 6"): AquaVM
// stores it in the Failed value of a call whose result is not JSON (air.md §2.4, §6.4.2), so it
// must match byte for byte. Found by walking the text the way serde_json's parser reads it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fluence::air {

// serde_json's message for `text` parsed as a serde_json::Value; nullopt if it accepts it.
std::optional<std::string> serde_json_error(std::string_view text);

}  // namespace fluence::air
