#!/usr/bin/env bash
# The test command of the README. Installs what it needs, builds, and runs every class of test:
#   unit (fast), integration, the unit tests again under ASan+UBSan, a short libFuzzer run of
#   every fuzz target, and the interop tests against the pinned reference packages from npm.
#   scripts/test.sh           everything (what CI runs)
#   scripts/test.sh --unit    only the fast unit tests of the release build (seconds)
#   scripts/test.sh --quick   release build: unit, integration and interop; no ASan, no fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
scripts/setup.sh --test

passed=0 failed=0
# run_ctest DIR LABEL: runs one label in one build dir and adds its counts to the totals.
run_ctest() {
  local dir=$1 label=$2 log rc=0
  log=$(mktemp)
  echo "== ctest -L $label ($dir)"
  (cd "$dir" && ctest -L "^${label}\$" -j "$(nproc)" --output-on-failure --timeout 600) 2>&1 | tee "$log" || rc=$?
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
  if [ -n "$line" ]; then
    local total fail
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    fail=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    passed=$((passed + total - fail)); failed=$((failed + fail))
  fi
  rm -f "$log"
  [ "$rc" -eq 0 ] || status=1
}

status=0
scripts/build.sh release
run_ctest build unit
if [ "$mode" != "--unit" ]; then
  # Some integration tests load Wasm from the pinned npm packages (avm.wasm), so install first.
  scripts/install-interop.sh
  run_ctest build integration
  if [ "$mode" != "--quick" ]; then
    scripts/build.sh asan
    run_ctest build-asan unit
    scripts/build.sh fuzz
    run_ctest build-fuzz fuzz
  fi
  run_ctest build interop
fi

echo "tests: $passed passed, $failed failed"
exit $status
