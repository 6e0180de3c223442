#!/usr/bin/env bash
# Times our BLAKE3 (bench/core/fluence_b3) against Debian's `b3sum --num-threads 1` on the same
# file in one run and prints the ratio. CPU time (user+sys) is measured, best of N runs, so a
# busy machine distorts the result less than wall time would.
#   bench/core/blake3_vs_b3sum.sh [BUILD_DIR] [SIZE_MIB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
size_mib=${2:-1024}
runs=${3:-5}
ours=$build/bench/core/fluence_b3
[ -x "$ours" ] || { echo "build $ours first: cmake --build $build --target fluence_b3" >&2; exit 1; }
command -v b3sum >/dev/null || { echo "b3sum is not installed (apt-get install b3sum)" >&2; exit 1; }

file=$(mktemp "${TMPDIR:-/tmp}/blake3-bench.XXXXXX")
trap 'rm -f "$file"' EXIT
# Pseudo-random content (incompressible, deterministic), then read once so the page cache holds it.
head -c "$((size_mib << 20))" /dev/zero | openssl enc -aes-128-ctr -nosalt -pass pass:fluence \
  -pbkdf2 2>/dev/null > "$file" || head -c "$((size_mib << 20))" /dev/urandom > "$file"
cat "$file" > /dev/null

# best_cpu_seconds CMD...: the smallest user+sys time over $runs runs; checks every output.
best_cpu_seconds() {
  local best="" t out
  for _ in $(seq "$runs"); do
    out=$( { /usr/bin/time -f "%U %S" "$@" > "$file.out"; } 2>&1 )
    t=$(awk '{print $1 + $2}' <<<"$out")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$t; fi
  done
  echo "$best"
}

ours_t=$(best_cpu_seconds "$ours" "$file"); ours_hash=$(cat "$file.out")
b3_t=$(best_cpu_seconds b3sum --num-threads 1 --no-names "$file"); b3_hash=$(cat "$file.out")
rm -f "$file.out"
if [ "$ours_hash" != "$b3_hash" ]; then
  echo "MISMATCH: ours $ours_hash, b3sum $b3_hash" >&2
  exit 1
fi
awk -v mib="$size_mib" -v o="$ours_t" -v b="$b3_t" -v runs="$runs" 'BEGIN {
  gib = mib / 1024.0
  printf "file: %d MiB, best CPU time of %d runs each, same hash %s\n", mib, runs, "(checked)"
  printf "ours (fluence_b3, kernel auto):  %.3f s  %.2f GB/s\n", o, mib * 1048576 / o / 1e9
  printf "b3sum --num-threads 1:           %.3f s  %.2f GB/s\n", b, mib * 1048576 / b / 1e9
  printf "ratio (b3sum time / ours): %.2fx\n", b / o
}'
