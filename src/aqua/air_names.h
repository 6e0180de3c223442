// Internal to the compiler: spelling Aqua names as AIR text (identifiers without sigils, dots
// of qualified names as underscores, string literals in quotes).
#pragma once

#include <string>

namespace fluence::aqua {

inline std::string quote(const std::string& s) { return "\"" + s + "\""; }

// `$stream`, `#canon` and `%map` name the same Aqua variable as `stream`, `canon`, `map`.
inline std::string strip_sigil(const std::string& s) {
  if (!s.empty() && (s[0] == '$' || s[0] == '#' || s[0] == '%')) return s.substr(1);
  return s;
}

// Names usable inside AIR identifiers: dots of qualified Aqua names become underscores.
inline std::string air_name(std::string s) {
  for (char& c : s) {
    if (c == '.') c = '_';
  }
  return s;
}

}  // namespace fluence::aqua
