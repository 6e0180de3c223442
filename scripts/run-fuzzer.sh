#!/usr/bin/env bash
# Runs one libFuzzer target for a few seconds: run-fuzzer.sh TARGET WORK_DIR SEED_DIR SECONDS.
# The work corpus grows between runs; the seed folder (if present) is read, never written.
set -euo pipefail
target=$1 work=$2 seeds=$3 seconds=$4
mkdir -p "$work"
dirs=("$work")
[ -d "$seeds" ] && dirs+=("$seeds")
exec "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 "${dirs[@]}"
