// Test support: runs a shell command and collects its standard output and exit code, for the
// tests that drive our CLI or the reference's node scripts.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace fluence::testing {

struct CommandOutput {
  std::string out;
  int status = -1;  // the exit code; -1 if the command could not start or was killed
};

inline CommandOutput run_command(const std::string& command) {
  CommandOutput r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.status = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace fluence::testing
