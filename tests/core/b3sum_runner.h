// Test support: runs Debian's `b3sum` on bytes written to a temporary file, so tests can compare
// our BLAKE3 with an independent implementation.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "fluence/core/bytes.h"

namespace fluence::testing {

inline bool b3sum_available() { return std::system("b3sum --version >/dev/null 2>&1") == 0; }

// The official test-vector input: byte i is i % 251.
inline Bytes blake3_test_input(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i % 251);
  return b;
}

// Hex output of `b3sum --no-names --length <out_len>` over `data`.
inline std::string b3sum_hex(ByteView data, std::size_t out_len = 32) {
  auto path = std::filesystem::temp_directory_path() /
              ("fluence-b3sum-" + std::to_string(::getpid()) + ".bin");
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  }
  std::string cmd = "b3sum --no-names --length " + std::to_string(out_len) + " '" +
                    path.string() + "'";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace fluence::testing
