// The corpus behaves like the reference: tests/interop/aqua/compare.mjs compiles every program of
// tests/aqua/corpus with our compiler (the fluence CLI) and with aqua-api 0.14.6, runs the listed
// calls with both AIRs on the reference AquaVM and compares the per-peer calls and results.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include "support/command_output.h"

namespace {

std::string source_dir() {
  const char* e = std::getenv("FLUENCE_SOURCE_DIR");
  return e ? e : FLUENCE_SOURCE_DIR;
}

TEST(AquaInterop, CorpusBehavesLikeTheReference) {
  std::string dir = source_dir() + "/tests/interop/aqua";
  if (!std::filesystem::exists(dir + "/node_modules/@fluencelabs/aqua-api")) {
    if (std::getenv("CI") == nullptr) GTEST_SKIP() << "run scripts/install-interop.sh (npm ci in " << dir << ")";
    FAIL() << "node_modules missing in " << dir;
  }
  std::string cmd = "node " + dir + "/compare.mjs --ours " FLUENCE_CLI_PATH " " + source_dir() + "/tests/aqua/corpus 2>&1";
  auto [out, rc] = fluence::testing::run_command(cmd);
  std::string failures;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t end = out.find('\n', pos);
    std::string line = out.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line.find("\"same\":false") != std::string::npos || line.find("summary") != std::string::npos) failures += line + "\n";
    pos = end == std::string::npos ? out.size() : end + 1;
  }
  EXPECT_EQ(rc, 0) << failures;
}

}  // namespace
