// Runs marine_bench (ours) and the same calls in marine-js (the reference) in one run and
// prints both with ratios.
//   node bench/marine/compare.mjs BUILD_DIR
// Needs `npm ci` in tests/interop/marine (marine-js and avm.wasm).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(process.argv[2] ?? join(here, "../../build"));
const interop = join(here, "../../tests/interop/marine");
const pkg = (n, f) => join(interop, "node_modules", n, f);
const { MarineService } = await import(pkg("@fluencelabs/marine-js", "dist/MarineService.js"));
const { defaultCallParameters } = await import(pkg("@fluencelabs/marine-js", "dist/types.js"));
const control = new WebAssembly.Module(readFileSync(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));

async function service(name, path) {
  const cfg = { modules_config: [{ import_name: name, config: { logger_enabled: true, logging_mask: 0,
    wasi: { envs: {}, preopened_files: new Set(), mapped_dirs: new Map() } } }] };
  const s = new MarineService(control, name, () => {}, cfg, { [name]: new Uint8Array(readFileSync(path)) }, {});
  await s.init();
  return s;
}

function time(fn, minMs = 1000) {
  for (let i = 0; i < 3; ++i) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6) {
    fn();
    ++n;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return elapsed / n;  // ns per call
}

const modules = join(build, "examples/modules");
const greeting = await service("greeting", join(modules, "greeting.wasm"));
const records = await service("records", join(modules, "records.wasm"));
const compute = await service("compute", join(modules, "compute.wasm"));
const users = [...Array(100).keys()].map((i) => ({ name: `user${i}`, age: i, tags: ["a", "b"], admin: i % 2 === 1 }));
const mb = Array(1 << 20).fill(7);
const avmWasm = pkg("@fluencelabs/avm", "dist/avm.wasm");
const peer = "12D3KooWB8sCGZCrwr79HtabLAn95qyPQx6RYHXjEbiD6QKou7ww";
const params = { init_peer_id: peer, current_peer_id: peer, timestamp: 1700000000000, ttl: 120000, key_format: 0,
  secret_key_bytes: Array(32).fill(7), particle_id: "00000000-0000-4000-8000-000000000000",
  air_size_limit: 4294967296, particle_size_limit: 4294967296, call_result_size_limit: 4294967296, hard_limit_enabled: false };
const avm = await service("avm", avmWasm);
const call = (s, f, a) => s.call(f, a, defaultCallParameters);

const js = {
  BM_TrivialCall: time(() => call(greeting, "greet", ["world"])),
  BM_RecordHeavyCall: time(() => call(records, "stats", [users])),
  BM_ByteArray1MB: time(() => call(records, "reverse", [mb]), 2000),
  BM_Compute: time(() => call(compute, "hash", [1000000])),
  BM_AvmLoad: time(() => { const s = new MarineService(control, "x", () => {}, { modules_config: [{ import_name: "avm",
    config: { logger_enabled: true, logging_mask: 0, wasi: { envs: {}, preopened_files: new Set(), mapped_dirs: new Map() } } }] },
    { avm: new Uint8Array(readFileSync(avmWasm)) }, {}); return s.init(); }, 1),
  BM_AvmInvoke: time(() => call(avm, "invoke", ["(seq (call %init_peer_id% (\"svc\" \"fn\") [\"a\" 1] r) (null))", [], [], params, [0x81, 4, 0x80]])),
};
// BM_AvmLoad above measures only the synchronous part; time it properly with await.
{
  const runs = 5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; ++i) await service("avm", avmWasm);
  js.BM_AvmLoad = Number(process.hrtime.bigint() - start) / runs;
}

const out = JSON.parse(execFileSync(join(build, "bench/marine/marine_bench"), ["--benchmark_format=json"], { maxBuffer: 1 << 26 }).toString());
const unit = { ns: 1, us: 1e3, ms: 1e6 };
const rows = [];
for (const b of out.benchmarks) {
  const base = b.name.split("/")[0];
  const ns = b.real_time * unit[b.time_unit], cpu = b.cpu_time * unit[b.time_unit];
  const ref = js[base];
  rows.push({ benchmark: b.name + (b.label ? ` (${b.label})` : ""), ours_real_us: +(ns / 1e3).toFixed(2),
    ours_cpu_us: +(cpu / 1e3).toFixed(2), marine_js_us: ref ? +(ref / 1e3).toFixed(2) : null,
    speedup_vs_marine_js: ref ? +(ref / ns).toFixed(2) : null });
}
console.table(rows);
