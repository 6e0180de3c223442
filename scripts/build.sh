#!/usr/bin/env bash
# Configures and builds one flavour of the project with CMake + Ninja + ccache.
#   scripts/build.sh [release|asan|fuzz] [ninja targets...]
# release -> build/       RelWithDebInfo, everything (the CLI, tests, benchmarks)
# asan    -> build-asan/  ASan+UBSan, the tests only
# fuzz    -> build-fuzz/  clang + libFuzzer, the fuzz targets only
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
jobs=${FLUENCE_JOBS:-$(( $(nproc) + 1 ))}
# Relative paths in ccache's keys, so fresh clones (CI) reuse what earlier builds compiled.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1

case "$flavour" in
  release)
    dir=build
    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)
    dir=build-asan
    args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_C_FLAGS=-O1 -DFLUENCE_SANITIZE=ON
          -DFLUENCE_BENCH=OFF -DFLUENCE_CLI=OFF) ;;
  fuzz)
    dir=build-fuzz
    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
          -DFLUENCE_FUZZ=ON -DFLUENCE_TESTS=OFF -DFLUENCE_BENCH=OFF -DFLUENCE_CLI=OFF) ;;
  *) echo "usage: scripts/build.sh [release|asan|fuzz] [targets...]" >&2; exit 2 ;;
esac

if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
fi
cmake --build "$dir" -j "$jobs" ${1:+--target "$@"}
