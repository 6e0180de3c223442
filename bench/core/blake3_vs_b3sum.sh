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

# best_cpu_seconds CMD...: "total user sys" of the run with the smallest user+sys time over
# $runs runs. Both tools map the file, so sys time is mostly page mapping, the same for both.
best_cpu_seconds() {
  local best="" line out
  for _ in $(seq "$runs"); do
    out=$( { /usr/bin/time -f "%U %S" "$@" > "$file.out"; } 2>&1 )
    line=$(awk '{print $1 + $2, $1, $2}' <<<"$out")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a < b)}'; then
      best=$line
    fi
  done
  echo "$best"
}

read -r ours_t ours_u ours_s < <(best_cpu_seconds "$ours" "$file"); ours_hash=$(cat "$file.out")
read -r b3_t b3_u b3_s < <(best_cpu_seconds b3sum --num-threads 1 --no-names "$file")
b3_hash=$(cat "$file.out")
rm -f "$file.out"
if [ "$ours_hash" != "$b3_hash" ]; then
  echo "MISMATCH: ours $ours_hash, b3sum $b3_hash" >&2
  exit 1
fi
awk -v mib="$size_mib" -v o="$ours_t" -v ou="$ours_u" -v os="$ours_s" -v b="$b3_t" \
    -v bu="$b3_u" -v bs="$b3_s" -v runs="$runs" 'BEGIN {
  bytes = mib * 1048576
  printf "file: %d MiB in the page cache; best of %d runs each; both print the same hash\n", mib, runs
  printf "%-32s %6s %6s %6s  %s\n", "", "cpu s", "user", "sys", "GB/s of cpu time"
  printf "%-32s %6.2f %6.2f %6.2f  %.2f\n", "ours (fluence_b3)", o, ou, os, bytes / o / 1e9
  printf "%-32s %6.2f %6.2f %6.2f  %.2f\n", "b3sum --num-threads 1", b, bu, bs, bytes / b / 1e9
  printf "ratio b3sum/ours: %.2fx cpu time, %.2fx user time\n", b / o, (ou > 0 ? bu / ou : 0)
}'
