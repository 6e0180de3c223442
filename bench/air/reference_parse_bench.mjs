// Usage: node reference_parse_bench.mjs SCRIPT.air...  (the side-by-side half of parser_bench.cpp)
// Times the reference `ast` export (parse + validate + serde JSON) on given scripts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
const modules = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../tests/interop/air/node_modules");
const pkg = (n, r) => path.join(modules, ...n.split("/"), r);
const { MarineService } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/MarineService.js")).href);
const { defaultCallParameters } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/types.js")).href);
const control = new WebAssembly.Module(readFileSync(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));
const config = { modules_config: [{ import_name: "avm", config: { logger_enabled: true, logging_mask: 0, wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() } } }] };
const srv = new MarineService(control, "avm", () => {}, config, { avm: new Uint8Array(readFileSync(pkg("@fluencelabs/avm", "dist/avm.wasm"))) }, {});
await srv.init();
for (const f of process.argv.slice(2)) {
  const script = readFileSync(f, "utf8");
  for (let i = 0; i < 3; i++) srv.call("ast", [script], defaultCallParameters);
  const n = 10;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) srv.call("ast", [script], defaultCallParameters);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ file: f, wall_ms: wall.toFixed(2), cpu_ms: ((cpu.user + cpu.system) / 1000 / n).toFixed(2) }));
}
process.exit(0);
