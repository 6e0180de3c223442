// bench_aqua [-n ITERATIONS] [-I DIR]... FILE...: compiles each file ITERATIONS times (after one
// warm-up) in this process and prints {"file": median_ms, ...} as one JSON line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "fluence/aqua/compiler.h"

int main(int argc, char** argv) {
  int iterations = 20;
  fluence::aqua::CompileOptions opts;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-n" && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (a == "-I" && i + 1 < argc) {
      opts.import_dirs.push_back(argv[++i]);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: bench_aqua [-n ITERATIONS] [-I DIR]... FILE...\n";
      return 0;
    } else {
      files.push_back(a);
    }
  }
  std::cout << "{";
  for (size_t f = 0; f < files.size(); ++f) {
    auto warm = fluence::aqua::compile_file(files[f], opts);
    if (!warm.ok()) {
      std::cerr << warm.render_diagnostics();
      return 1;
    }
    std::vector<double> ms;
    size_t air_bytes = 0;
    for (int k = 0; k < iterations; ++k) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = fluence::aqua::compile_file(files[f], opts);
      auto t1 = std::chrono::steady_clock::now();
      for (const auto& fn : r.functions) air_bytes += fn.air.size();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.4f", ms[ms.size() / 2]);
    std::cout << (f ? "," : "") << "\"" << files[f] << "\":" << buf;
    if (air_bytes == 0) std::cerr << "note: " << files[f] << " produced no functions\n";
  }
  std::cout << "}\n";
  return 0;
}
