#!/usr/bin/env node
// Feeds particle data to the reference AquaVM (avm.wasm of @fluencelabs/avm 0.62.0, hosted by
// @fluencelabs/marine-js 0.13.0 from tests/interop/air/node_modules) for the particle-data
// interop test of fluence-cpp.
//
//   node reference_data_check.mjs JOBS.json OUT.json
//
// JOBS.json: [{"name", "script", "current_peer", "init_peer", "secret_key" (base64, 32 bytes),
//              "particle_id", "prev_data" (base64), "data" (base64)}]
// Writes to OUT.json one JSON array (stdout is not used: marine-js prints trap reports there): [{"name", "ret_code", "error_message", "data" (base64), "human"}],
// where human is the reference's to_human_readable_data of the new data (null if empty);
// ret_code -1 when the reference trapped instead of returning an outcome.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HARNESS = path.resolve(HERE, "..", "..", "interop", "air");
const MODULES = path.join(HARNESS, "node_modules");
const requireThere = createRequire(path.join(HARNESS, "package.json"));
const pkg = (name, rel) => path.join(MODULES, ...name.split("/"), rel);

const { MarineService } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/MarineService.js")).href);
const { defaultCallParameters } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/types.js")).href);
const { serializeAvmArgs, deserializeAvmResult } = requireThere("@fluencelabs/avm");

const control = new WebAssembly.Module(readFileSync(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));
const config = {
  modules_config: [{
    import_name: "avm",
    // avm.wasm imports the logger API: it must be enabled (and silenced through WASM_LOG).
    config: { logger_enabled: true, logging_mask: 0,
              wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() } },
  }],
};
const avmWasm = new Uint8Array(readFileSync(pkg("@fluencelabs/avm", "dist/avm.wasm")));
async function makeAvm() {
  const srv = new MarineService(control, "avm", () => {}, config, { avm: avmWasm }, {});
  await srv.init();
  return srv;
}
let avm = await makeAvm();

const bytes = (b64) => new Uint8Array(Buffer.from(b64 ?? "", "base64"));

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const job of jobs) {
  const args = serializeAvmArgs(
    {
      initPeerId: job.init_peer,
      currentPeerId: job.current_peer,
      timestamp: 1700000000000,
      ttl: 120000,
      keyFormat: 0,
      particleId: job.particle_id,
      secretKeyBytes: bytes(job.secret_key),
    },
    job.script,
    bytes(job.prev_data),
    bytes(job.data),
    [],
  );
  args[3].hard_limit_enabled = false;  // the 0.62 helper passes a number; the wasm wants a bool
  let res;
  try {
    res = deserializeAvmResult(avm.call("invoke", args, defaultCallParameters));
  } catch (e) {
    // A Wasm trap (the reference panics on some inputs): no outcome at all. The instance is
    // not trusted afterwards.
    results.push({ name: job.name, ret_code: -1, error_message: String(e), data: "", human: null });
    avm = await makeAvm();
    continue;
  }
  const data = Uint8Array.from(res.data);
  let human = null;
  if (data.length > 0) {
    const text = avm.call("to_human_readable_data", [Array.from(data)], defaultCallParameters);
    try { human = JSON.parse(text); } catch { human = text; }
  }
  // Messages may quote corrupted bytes: keep them well-formed UTF-16 (so the JSON is valid).
  results.push({ name: job.name, ret_code: res.retCode, error_message: res.errorMessage.toWellFormed(),
                 data: Buffer.from(data).toString("base64"), human });
}
writeFileSync(process.argv[3], JSON.stringify(results) + "\n");
