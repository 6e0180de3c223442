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

import { readScenario, watchAvmMemories } from "./scenario.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIB = path.join(HERE, "..", "..", "tests", "interop", "air", "lib", "avm.mjs");

// avm.wasm's memories, collected when marine-js instantiates modules.
const memories = watchAvmMemories();


function peakMb() {
  const m = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/);
  return m ? Number(m[1]) / 1024 : -1;
}

const dir = process.argv[2];
const { ReferenceAvm } = await import(LIB);
const vm = await ReferenceAvm.create();
const inputs = readScenario(dir);
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
