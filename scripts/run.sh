#!/usr/bin/env bash
# The main job of the README: installs what it needs, builds, and runs the longest end-to-end
# path the project has so far (until the node exists):
#   1. a Marine module built with our C SDK is called in our Wasm runtime;
#   2. an Aqua function is compiled to AIR by our compiler;
#   3. the AIR runs on our interpreter across three simulated peers (client, relay, alice),
#      with alice's greeting service answering what the module answered in step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== building (first time: several minutes)"
scripts/build.sh release fluence marine_module_greeting >/dev/null
bin=build/bin/fluence
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1. Marine: greeting.wasm greet(\"Fluence\")"
greeting=$($bin marine call build/examples/modules/greeting.wasm greet '["Fluence"]')
echo "$greeting"

echo "== 2. Aqua: compile examples/hello/hello.aqua, function hello"
$bin aqua compile examples/hello/hello.aqua --func hello > "$work/hello.air"
echo "$(grep -c . "$work/hello.air") lines of AIR"

echo "== 3. AIR: run hello(\"Fluence\", alice) on client -> relay -> alice -> relay -> client"
escaped=$(printf '%s' "$greeting" | sed -e 's/[\/&]/\\&/g')
sed -e "s/@GREETING@/$escaped/" examples/hello/services.template.json > "$work/services.json"
$bin air run "$work/hello.air" --simulate "$work/services.json" --no-tetraplets --compact \
  > "$work/run.json" || { cat "$work/run.json"; exit 1; }
result=$(grep -o '"function":"response","args":\[[^]]*\]' "$work/run.json" | sed 's/.*"args"://')
echo "result: $result"
