#!/usr/bin/env bash
# Installs the pinned reference packages for the interop tests: every tests/interop/<layer>/
# folder with a package-lock.json gets `npm ci`, skipped when node_modules is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
for lock in tests/interop/*/package-lock.json; do
  [ -f "$lock" ] || continue
  dir=$(dirname "$lock")
  stamp="$dir/node_modules/.fluence-lock-sha"
  sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    continue
  fi
  echo "interop: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$sum" > "$stamp"
done
