// Test helper: the standard output of a shell command (interop tests drive node scripts).
#pragma once

#include <cstdio>
#include <string>

namespace fluence::node::testing {

inline std::string process_output(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return "{\"error\":\"popen failed\"}";
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace fluence::node::testing
