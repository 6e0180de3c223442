#!/usr/bin/env node
// Measures the Wasm linear memory of the reference avm.wasm (under marine-js, as run.mjs hosts
// it) after one run of a scenario, also when the run ends in a trap: wasm32 memory only grows,
// so its size after the run is the interpreter's peak. Node's own heap (the JS arrays marine-js
// builds from the inputs) is not counted: this is the interpreter's memory, a lower bound of
// what the reference needs.
//   node --max-old-space-size=16384 bench/air/reference_memory.mjs SCENARIO_DIR
// Prints {"scenario", "wasm_memory_mb", "ret_code" | "trap", "cpu_ms", "node_peak_mb"}.
// (run.mjs reports the same figure in its table; this is the standalone probe.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIB = path.join(HERE, "..", "..", "tests", "interop", "air", "lib", "avm.mjs");

// Every memory an instance exports or imports, collected when marine-js instantiates modules.
const memories = [];
function collect(instance) {
  // Only avm.wasm's memory (the instance exporting `invoke`), not marine-js's own module.
  if (typeof instance.exports?.invoke !== "function") return;
  for (const v of Object.values(instance.exports))
    if (v instanceof WebAssembly.Memory) memories.push(v);
}
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new OriginalInstance(module, imports);
  collect(instance);
  return instance;
};
WebAssembly.Instance.prototype = OriginalInstance.prototype;
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (source, imports) {
  const r = await originalInstantiate.call(WebAssembly, source, imports);
  collect(r instanceof OriginalInstance ? r : r.instance);
  return r;
};

function peakMb() {
  const m = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/);
  return m ? Number(m[1]) / 1024 : -1;
}

const dir = process.argv[2];
const { ReferenceAvm } = await import(LIB);
const vm = await ReferenceAvm.create();
const p = JSON.parse(readFileSync(path.join(dir, "params.json"), "utf8"));
const inputs = {
  script: readFileSync(path.join(dir, "script.air"), "utf8"),
  prevData: readFileSync(path.join(dir, "prev.dat")),
  data: readFileSync(path.join(dir, "cur.dat")),
  callResults: readFileSync(path.join(dir, "results.dat")),
  runParams: {
    init_peer_id: p.init_peer_id,
    current_peer_id: p.current_peer_id,
    timestamp: p.timestamp,
    ttl: p.ttl,
    key_format: 0,
    secret_key_bytes: Array.from(Buffer.from(p.secret_key, "base64")),
    particle_id: p.particle_id,
    air_size_limit: 4294967296,
    particle_size_limit: 4294967296,
    call_result_size_limit: 4294967296,
    hard_limit_enabled: false,
  },
};
const sizes = () => memories.map((m) => m.buffer.byteLength / (1 << 20));
const before = sizes();
const c0 = process.cpuUsage();
const out = { scenario: path.basename(dir) };
try {
  out.ret_code = vm.invokeRaw(inputs).ret_code;
} catch (e) {
  out.trap = String(e).slice(0, 200);
}
const c1 = process.cpuUsage(c0);
const after = sizes();
out.wasm_memories_mb_before = before;
out.wasm_memories_mb_after = after;
out.wasm_memory_mb = Math.max(...after);
out.cpu_ms = (c1.user + c1.system) / 1e3;
out.node_peak_mb = peakMb();
console.log(JSON.stringify(out));
