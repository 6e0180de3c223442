#!/usr/bin/env node
// Differential test of fluence-cpp's Aqua compiler against the reference (aqua-api 0.14.6):
// every corpus program is compiled by both, and every listed function call is executed with
// both AIRs on the reference AquaVM (simulate.mjs) against the same service table. The runs must
// make the same service calls on every peer (same order, or the same multiset for cases marked
// "unordered") and deliver the same response or error to the client.
//
//   node compare.mjs --ours PATH/TO/fluence CORPUS_DIR [--only NAME] [--verbose]
//
// A case is CORPUS_DIR/NAME.aqua with CORPUS_DIR/NAME.json:
//   {"options": {"noXor": false, "noRelay": false, "constants": ["X = 1"]},
//    "calls": [{"func": "f", "args": {"a": "x", "p": "{{peer1}}"}, "services": [rules], "unordered": false}]}
// Rules: {"peer"?, "service", "function", "args"?, then "result" | "error" (+ "ret_code") | "echo" | "sequence"}.
// Prints one JSON line per call and a summary; exit status 0 only when all calls behave the same.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createAquaVM, identity, NODE_MODULES } from "./avm.mjs";
import { simulate, substitute } from "./simulate.mjs";

const argv = process.argv.slice(2);
let ours = null, dir = null, only = null, verbose = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--ours") ours = argv[++i];
  else if (argv[i] === "--only") only = argv[++i];
  else if (argv[i] === "--verbose") verbose = true;
  else dir = argv[i];
}
if (!ours || !dir) {
  console.error("usage: node compare.mjs --ours PATH/TO/fluence CORPUS_DIR [--only NAME] [--verbose]");
  process.exit(2);
}

const api = await import(pathToFileURL(path.join(NODE_MODULES, "@fluencelabs/aqua-api/index.js")).href);
const vm = await createAquaVM();

// Error values carry the failed AIR instruction's text, which legitimately differs between
// compilers; compare the code and (for service errors) the message only.
function normalize(v) {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object") {
    if ("error_code" in v && "message" in v) {
      const msg = String(v.message);
      return { error_code: v.error_code, message: msg.startsWith("Local service error") ? msg : "<interpreter message>" };
    }
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, normalize(v[k])]));
  }
  return v;
}

function sameCalls(a, b, unordered) {
  const peers = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const p of peers) {
    let x = (a[p] ?? []).map((c) => JSON.stringify(normalize(c)));
    let y = (b[p] ?? []).map((c) => JSON.stringify(normalize(c)));
    if (unordered) {
      x = [...x].sort();
      y = [...y].sort();
    }
    if (x.length !== y.length || x.some((c, i) => c !== y[i])) {
      const i = x.findIndex((c, k) => c !== y[k]);
      return { peer: p, index: i < 0 ? Math.min(x.length, y.length) : i, ours: x[i] ?? null, reference: y[i] ?? null, ours_count: x.length, reference_count: y.length };
    }
  }
  return null;
}

async function compileRef(file, options) {
  const r = await api.compileFromPath({
    filePath: file,
    imports: [NODE_MODULES],
    constants: options.constants ?? [],
    noXor: !!options.noXor,
    noRelay: !!options.noRelay,
    noEmptyResponse: true,
    targetType: "air",
    logLevel: "off",
  });
  if (r.errors?.length) return { errors: [...r.errors].map(String) };
  return { functions: Object.fromEntries(Object.entries(r.functions).map(([k, f]) => [k, f.script])) };
}

function compileOurs(file, options) {
  const args = ["aqua", "compile", file, "--json", "-I", NODE_MODULES];
  if (options.noXor) args.push("--no-xor");
  if (options.noRelay) args.push("--no-relay");
  for (const c of options.constants ?? []) args.push("--const", c);
  let out;
  try {
    out = execFileSync(ours, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = e.stdout;
  }
  try {
    const j = JSON.parse(out);
    if (j.errors.length) return { errors: j.errors };
    return { functions: Object.fromEntries(Object.entries(j.functions).map(([k, f]) => [k, f.script])) };
  } catch {
    return { errors: [`our compiler printed no JSON: ${String(out).slice(0, 200)}`] };
  }
}

const cases = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
const summary = { programs: 0, programs_same: 0, calls: 0, calls_same: 0, failures: [] };
for (const name of cases) {
  if (only && name !== only) continue;
  const file = path.resolve(dir, `${name}.aqua`);
  if (!fs.existsSync(file)) continue;
  const spec = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8"));
  const options = spec.options ?? {};
  summary.programs += 1;
  const ref = await compileRef(file, options);
  const mine = compileOurs(file, options);
  let programOk = true;
  if (ref.errors || mine.errors) {
    const expectError = !!spec.expect_error;
    const ok = expectError ? !!(ref.errors && mine.errors) : !(ref.errors || mine.errors);
    if (!ok) {
      programOk = false;
      summary.failures.push({ name, compile: { ours: mine.errors ?? "ok", reference: ref.errors ?? "ok" } });
      console.log(JSON.stringify({ name, same: false, compile: { ours: mine.errors ?? "ok", reference: ref.errors ?? "ok" } }));
    }
    if (programOk) summary.programs_same += 1;
    continue;
  }
  for (const call of spec.calls ?? []) {
    summary.calls += 1;
    const ids = new Map();
    for (const n of ["client", "relay", "peer1", "peer2", "peer3", ...(call.peers ?? [])]) ids.set(n, identity(n));
    const args = substitute(call.args ?? {}, ids);
    const rules = substitute(call.services ?? [], ids);
    const refAir = ref.functions[call.func];
    const ourAir = mine.functions[call.func];
    if (!refAir || !ourAir) {
      programOk = false;
      const f = { name, func: call.func, missing: { ours: !ourAir, reference: !refAir } };
      summary.failures.push(f);
      console.log(JSON.stringify({ ...f, same: false }));
      continue;
    }
    const a = simulate(vm, { script: ourAir, args, rules, ids });
    const b = simulate(vm, { script: refAir, args, rules, ids });
    const diff = sameCalls(a.calls, b.calls, !!call.unordered);
    const sameEnd = a.complete === b.complete && JSON.stringify(normalize(a.response)) === JSON.stringify(normalize(b.response)) &&
      JSON.stringify(normalize(a.error)) === JSON.stringify(normalize(b.error));
    const same = !diff && sameEnd;
    if (same) summary.calls_same += 1;
    else programOk = false;
    const line = { name, func: call.func, same };
    if (!same) {
      line.diff = diff;
      line.response = { ours: a.response, reference: b.response };
      line.error = { ours: a.error, reference: b.error };
      line.complete = { ours: a.complete, reference: b.complete };
      summary.failures.push(line);
    }
    if (verbose) line.calls = { ours: a.calls, reference: b.calls };
    console.log(JSON.stringify(line));
  }
  if (programOk) summary.programs_same += 1;
}
console.log(JSON.stringify({ summary: { programs: summary.programs, programs_same: summary.programs_same, calls: summary.calls, calls_same: summary.calls_same } }));
process.exit(summary.programs_same === summary.programs ? 0 : 1);
