#!/usr/bin/env bash
# Side by side on this machine, one run: our bench_net and the same loopback measurements
# with js-libp2p (tests/interop/net/bench.mjs, the versions js-client 0.9.0 pins). Prints both
# JSON lines per measure and the ratio ours/js for wall-clock rate and for rate per CPU second.
#   bench/net/net_vs_js.sh [BUILD_DIR] [MB] [HANDSHAKES] [PARALLEL]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
mb=${2:-512}
hs=${3:-1000}
par=${4:-8}
ours=$("$build/bench/net/bench_net" --mb "$mb" --handshakes "$hs" --parallel "$par")
js=$(cd "$root/tests/interop/net" && node bench.mjs "$(( mb / 4 ))" "$(( hs / 4 ))" "$par")
echo "$ours"
echo "$js"
python3 - "$ours" "$js" <<'PY'
import json, sys
ours = {m["measure"]: m for m in map(json.loads, sys.argv[1].splitlines())}
js = {m["measure"]: m for m in map(json.loads, sys.argv[2].splitlines())}
for measure, rate, cpu in (("yamux_noise_throughput", "MB_per_s", "MB_per_cpu_s"), ("handshakes", "per_s", "per_cpu_s")):
    o, j = ours[measure], js[measure]
    print(json.dumps({"measure": measure, "ours": o[rate], "js": j[rate], "ratio": round(o[rate] / max(j[rate], 1), 1),
                      "ours_per_cpu_s": o[cpu], "js_per_cpu_s": j[cpu], "ratio_per_cpu_s": round(o[cpu] / max(j[cpu], 1), 1)}))
PY
