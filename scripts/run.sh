#!/usr/bin/env bash
# The main job of the README: installs what it needs, builds, then
#   1. starts a local Fluence network on loopback: a relay and two peers, all `fluence node`,
#      the peers finding each other through the relay's Kademlia;
#   2. deploys an example service: peer 2 hosts examples/modules/greeting (a Marine module built
#      with our C SDK) as service "greeting";
#   3. runs an example Aqua function, examples/hello/hello.aqua's hello("Fluence", peer 2), with
#      `fluence run` as the client: compiled by our Aqua compiler, executed by our AIR interpreter
#      on the client, the relay and peer 2, carried by our libp2p stack;
#   4. prints its result and stops the network.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== building (first time: several minutes)"
scripts/build.sh release fluence marine_module_greeting >/dev/null
bin=build/bin/fluence
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start_node NAME ARGS...: starts a node in the background and waits for its first line (JSON
# with its peer id and listen addresses).
start_node() {
  local name=$1
  shift
  "$bin" node "$@" > "$work/$name.json" 2> "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do
    [ -s "$work/$name.json" ] && return 0
    sleep 0.1
  done
  echo "error: $name did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

echo "== 1. a local network on loopback"
start_node relay --listen /ip4/127.0.0.1/tcp/0 --listen /ip4/127.0.0.1/tcp/0/ws
relay=$(field "$work/relay.json" "d['listen'][0]")
echo "relay:  $relay"
start_node peer1 --listen /ip4/127.0.0.1/tcp/0 --bootstrap "$relay"
echo "peer 1: $(field "$work/peer1.json" "d['peer_id']")"

echo "== 2. peer 2 deploys the greeting service (examples/modules/greeting, C SDK)"
start_node peer2 --listen /ip4/127.0.0.1/tcp/0 --bootstrap "$relay" \
  --service greeting=build/examples/modules/greeting.wasm
peer2=$(field "$work/peer2.json" "d['peer_id']")
echo "peer 2: $peer2"

echo "== 3. fluence run examples/hello/hello.aqua: hello(\"Fluence\", peer 2) through the relay"
result=$("$bin" run examples/hello/hello.aqua --func hello --args "[\"Fluence\", \"$peer2\"]" \
  --relay "$relay" --ttl 20000) || { cat "$work"/*.log >&2; exit 1; }
echo "result: $result"
