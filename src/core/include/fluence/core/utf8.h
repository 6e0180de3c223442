// UTF-8 validation as Rust's str requires it: no overlong forms, no surrogates, nothing
// beyond U+10FFFF.
#pragma once

#include <string_view>

namespace fluence {

bool is_valid_utf8(std::string_view s);

}  // namespace fluence
