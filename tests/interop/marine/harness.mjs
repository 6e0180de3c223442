// Drives the reference Marine (@fluencelabs/marine-js) for fluence-cpp's interop tests.
//
//   node harness.mjs call CONFIG.json            run the calls of CONFIG in the reference, print results
//   node harness.mjs avm-cases CASES.json        prepare AquaVM invoke steps and run them in the reference
//   node harness.mjs avm-normalize OUTCOMES.json normalize raw InterpreterOutcome values (ours) the same way
//
// CONFIG.json: {"modules": [{"name", "path", "logger_enabled"?, "envs"?}], "calls": [{"function", "args"}]}
// (the last module is the facade). Output: one JSON line, [{"ok": true, "result": ...} | {"ok": false, "error": "..."}].
import { readFileSync } from "node:fs";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = (name, file) => join(here, "node_modules", name, file);
const { MarineService } = await import(pkg("@fluencelabs/marine-js", "dist/MarineService.js"));
const { defaultCallParameters } = await import(pkg("@fluencelabs/marine-js", "dist/types.js"));
const require = createRequire(import.meta.url);
const avmHelpers = require(pkg("@fluencelabs/avm", "dist/avmHelpers.js"));

async function startService(modules) {
  const control = new WebAssembly.Module(readFileSync(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));
  const config = {
    modules_config: modules.map((m) => ({
      import_name: m.name,
      config: {
        logger_enabled: m.logger_enabled ?? true,
        logging_mask: 0,
        wasi: { envs: m.envs ?? {}, preopened_files: new Set(), mapped_dirs: new Map() },
      },
    })),
  };
  const bytes = {};
  for (const m of modules) bytes[m.name] = new Uint8Array(readFileSync(m.path));
  const srv = new MarineService(control, "interop", () => {}, config, bytes, {});
  await srv.init();
  return srv;
}

function callSafely(srv, fn, args) {
  try {
    return { ok: true, result: srv.call(fn, args, defaultCallParameters) };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

// ---- peer identities: Ed25519 seed -> libp2p peer id (base58 identity multihash) ----
const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes) {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = "";
  while (n > 0n) { s = B58[Number(n % 58n)] + s; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; s = "1" + s; }
  return s;
}
function peerOf(seedByte) {
  const seed = Buffer.alloc(32, seedByte);
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const pub = Buffer.from(createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }))
    .export({ format: "jwk" }).x, "base64url");
  const proto = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), pub]);
  return { id: base58(Buffer.concat([Buffer.from([0x00, proto.length]), proto])), sk: Array.from(seed) };
}

function substitute(text, peers) {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => peers[name].id);
}

// ---- AquaVM outcome normalization (hash-map order in AquaVM varies between runs) ----
function normalizeOutcome(avm, raw) {
  if (!raw.ok) return { error: raw.error };
  const r = avmHelpers.deserializeAvmResult(raw.result);
  const human = r.data.length === 0 ? null : callSafely(avm, "to_human_readable_data", [Array.from(r.data)]);
  return {
    ret_code: r.retCode,
    error_message: r.errorMessage,
    next_peer_pks: [...r.nextPeerPks].sort(),
    call_requests: r.callRequests
      .map(([k, v]) => ({ key: Number(k), ...v }))
      .sort((a, b) => a.key - b.key),
    air_size_limit_exceeded: raw.result.air_size_limit_exceeded,
    particle_size_limit_exceeded: raw.result.particle_size_limit_exceeded,
    call_result_size_limit_exceeded: raw.result.call_result_size_limit_exceeded,
    data_human: human === null ? null : human.ok ? human.result : { error: human.error },
  };
}

const avmPath = pkg("@fluencelabs/avm", "dist/avm.wasm");
const [mode, file] = process.argv.slice(2);

if (mode === "call") {
  const cfg = JSON.parse(readFileSync(file, "utf8"));
  const srv = await startService(cfg.modules);
  console.log(JSON.stringify(cfg.calls.map((c) => callSafely(srv, c.function, c.args))));
} else if (mode === "avm-cases") {
  const spec = JSON.parse(readFileSync(file, "utf8"));
  const peers = { client: peerOf(7), alice: peerOf(8), bob: peerOf(9) };
  const avm = await startService([{ name: "avm", path: avmPath, logger_enabled: true, envs: { WASM_LOG: "off" } }]);
  const cases = [];
  for (const c of spec.cases) {
    const air = substitute(c.script, peers);
    const me = peers[c.peer ?? "client"];
    const params = {
      init_peer_id: peers[c.init_peer ?? "client"].id, current_peer_id: me.id,
      timestamp: 1700000000000, ttl: 120000, key_format: 0, secret_key_bytes: me.sk,
      particle_id: "00000000-0000-4000-8000-000000000000",
      air_size_limit: 4294967296, particle_size_limit: 4294967296, call_result_size_limit: 4294967296,
      hard_limit_enabled: false,
    };
    let prev = [];
    const steps = [];
    for (const step of c.steps ?? [{}]) {
      const results = Object.entries(step.call_results ?? {}).map(([k, v]) => [
        Number(k), { retCode: v.ret_code ?? 0, result: substitute(JSON.stringify(v.result ?? null), peers) },
      ]);
      const callResults = avmHelpers.serializeAvmArgs(
        { initPeerId: "", currentPeerId: "", timestamp: 0, ttl: 0, keyFormat: 0, particleId: "", secretKeyBytes: [] },
        "", [], [], results)[4];
      const raw = callSafely(avm, "invoke", [air, prev, [], params, callResults]);
      if (raw.ok) prev = raw.result.data;
      steps.push({ air, params, call_results: callResults, reference: normalizeOutcome(avm, raw) });
    }
    cases.push({ name: c.name, steps });
  }
  console.log(JSON.stringify({ cases }));
} else if (mode === "avm-normalize") {
  const outcomes = JSON.parse(readFileSync(file, "utf8"));
  const avm = await startService([{ name: "avm", path: avmPath, logger_enabled: true, envs: { WASM_LOG: "off" } }]);
  console.log(JSON.stringify(outcomes.map((o) => normalizeOutcome(avm, o))));
} else {
  console.error("usage: node harness.mjs call CONFIG.json | avm-cases CASES.json | avm-normalize OUTCOMES.json");
  process.exit(2);
}
