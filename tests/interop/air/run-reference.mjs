#!/usr/bin/env node
// Runs AIR on the reference AquaVM 0.62.0 for fluence-cpp's interop tests; prints the same JSON
// as the oracle's run-air.mjs and as `fluence air run`, so outputs can be compared directly.
//
//   node run-reference.mjs SCRIPT.air --simulate TABLE.json [--init-peer P] [--max-steps N]
//        [--trace] [--show-data] [--no-tetraplets] [--ours-cmd FLUENCE --ours NAMES|--ours-steps odd|even]
//   node run-reference.mjs SCRIPT.air --peer P --init-peer P [--prev-data F] [--data F]
//        [--call-results JSON|@F] [--out-data F] [--particle-id ID] [--timestamp MS] [--ttl MS]
//
// --ours-cmd runs the steps of the peers listed in --ours (comma-separated names), or every odd /
// even step, through `FLUENCE air run` instead of the reference: a mixed chain.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_PARTICLE, normalizeCallResults, ReferenceAvm, referenceVersions } from "./lib/avm.mjs";
import { looksLikePeerId, PeerBook } from "./lib/peers.mjs";
import { ServiceTable } from "./lib/services.mjs";
import { simulate } from "./lib/simulate.mjs";

const VALUES = ["corpus", "only", "record", "peer", "init-peer", "prev-data", "data", "call-results", "out-data", "sk", "particle-id", "timestamp", "ttl", "simulate", "max-steps", "ours-cmd", "ours", "ours-steps"];
const BOOLEANS = ["trace", "show-data", "no-tetraplets", "compact", "help", "no-raw"];

function parseArgs(argv) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (VALUES.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`option --${name} needs a value`);
      opts[name] = v;
    } else if (BOOLEANS.includes(name)) {
      opts[name] = true;
    } else {
      throw new Error(`unknown option --${name}`);
    }
  }
  return { opts, positional };
}

function jsonArg(text) {
  return JSON.parse(text.startsWith("@") ? readFileSync(text.slice(1), "utf8") : text);
}

function readData(file) {
  if (!file) return new Uint8Array();
  const buf = readFileSync(file);
  if (buf.length > 0 && buf[0] === 0x7b) {
    try {
      const j = JSON.parse(buf.toString("utf8"));
      if (j?.data?.base64 !== undefined) return new Uint8Array(Buffer.from(j.data.base64, "base64"));
    } catch {
      /* raw data */
    }
  }
  return new Uint8Array(buf);
}

function particleFrom(opts, base) {
  return {
    id: opts["particle-id"] ?? base?.id ?? DEFAULT_PARTICLE.id,
    timestamp: opts.timestamp !== undefined ? Number(opts.timestamp) : (base?.timestamp ?? DEFAULT_PARTICLE.timestamp),
    ttl: opts.ttl !== undefined ? Number(opts.ttl) : (base?.ttl ?? DEFAULT_PARTICLE.ttl),
  };
}

function outcomeJSON(res) {
  return {
    ret_code: res.retCode,
    error_message: res.errorMessage,
    next_peer_pks: [...res.nextPeerPks].sort(),
    call_requests: res.callRequests.map(([key, cr]) => ({
      key: Number(key),
      service_id: cr.serviceId,
      function_name: cr.functionName,
      arguments: cr.arguments,
      tetraplets: cr.tetraplets,
    })),
  };
}

// A runner that executes one step through `fluence air run` (our interpreter).
function oursRunner(cmd, book) {
  return (inv) => {
    const dir = mkdtempSync(path.join(tmpdir(), "air-mixed-"));
    try {
      const f = (n, d) => {
        const p = path.join(dir, n);
        writeFileSync(p, d);
        return p;
      };
      const results = Object.fromEntries(inv.callResults.map(([k, v]) => [String(k), { ret_code: v.retCode, result_json: v.result }]));
      const who = book.resolve(inv.currentPeerId);
      const args = ["air", "run", f("script.air", inv.script), "--peer", inv.currentPeerId, "--sk", who.skBase64, "--init-peer", inv.initPeerId,
        "--prev-data", f("prev", inv.prevData), "--data", f("data", inv.data), "--call-results", `@${f("results.json", JSON.stringify(results))}`,
        "--particle-id", inv.particle.id, "--timestamp", String(inv.particle.timestamp), "--ttl", String(inv.particle.ttl), "--compact"];
      const p = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 30 });
      let out;
      try {
        out = JSON.parse(p.stdout);
      } catch {
        throw new Error(`${cmd} ${args.join(" ")} failed (exit ${p.status}): ${p.stderr}`);
      }
      return {
        retCode: out.ret_code,
        errorMessage: out.error_message,
        data: new Uint8Array(Buffer.from(out.data.base64, "base64")),
        nextPeerPks: out.next_peer_pks,
        callRequests: out.call_requests.map((c) => [c.key, { serviceId: c.service_id, functionName: c.function_name, arguments: c.arguments, tetraplets: c.tetraplets }]),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

// --corpus DIR [--record OUTDIR]: every DIR/NAME.air (with DIR/NAME.services.json, else DIR/_default.services.json)
// simulated on the reference in one process; prints {NAME: simulate output} (--only a,b limits it).
async function runCorpus(opts) {
  const dir = opts.corpus;
  const only = opts.only ? new Set(opts.only.split(",")) : null;
  const vm = await ReferenceAvm.create();
  const out = {};
  const names = readdirSync(dir).filter((f) => f.endsWith(".air")).map((f) => f.slice(0, -4)).sort();
  for (const name of names) {
    if (only && !only.has(name)) continue;
    const own = path.join(dir, `${name}.services.json`);
    const tableFile = existsSync(own) ? own : path.join(dir, "_default.services.json");
    const book = new PeerBook();
    try {
      const table = new ServiceTable(JSON.parse(readFileSync(tableFile, "utf8")), book);
      const initPeer = table.initPeer ?? "client";
      book.resolve(initPeer);
      const script = book.substitute(readFileSync(path.join(dir, `${name}.air`), "utf8"));
      const particle = particleFrom({}, table.particle);
      out[name] = simulate({ script, book, table, initPeer, particle, runnerFor: () => (inv) => vm.invoke(inv), maxSteps: 200 });
    } catch (e) {
      out[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  if (opts.record) {
    // The recorded expectations: what the comparison uses, one small file per scenario.
    for (const [name, r] of Object.entries(out)) {
      const keep = { complete: r.complete, steps: r.steps, calls: r.calls, errors: r.errors };
      if (r.undeliverable) keep.undeliverable = r.undeliverable;
      if (r.error) keep.error = r.error;
      writeFileSync(path.join(opts.record, `${name}.json`), JSON.stringify(keep, null, 1) + "\n");
    }
    return 0;
  }
  process.stdout.write(JSON.stringify(out, null, opts.compact ? 0 : 1) + "\n");
  return 0;
}

async function main() {
  const { opts, positional } = parseArgs(process.argv.slice(2));
  if (opts.corpus) return runCorpus(opts);
  if (opts.help || positional.length !== 1) {
    process.stdout.write("usage: see the header of run-reference.mjs\n");
    return opts.help ? 0 : 2;
  }
  const book = new PeerBook();
  const rawScript = readFileSync(positional[0], "utf8");
  const vm = await ReferenceAvm.create();
  const reference = (inv) => vm.invoke(inv);
  const print = (o) => process.stdout.write(JSON.stringify(o, null, opts.compact ? 0 : 1) + "\n");

  if (opts.simulate) {
    const table = new ServiceTable(jsonArg(`@${opts.simulate}`), book);
    const initPeer = opts["init-peer"] ?? table.initPeer ?? "client";
    book.resolve(initPeer);
    const script = book.substitute(rawScript);
    let runnerFor = () => reference;
    if (opts["ours-cmd"]) {
      const ours = oursRunner(opts["ours-cmd"], book);
      const names = new Set((opts.ours ?? "").split(",").filter(Boolean));
      const parity = opts["ours-steps"];
      runnerFor = (who, step) => {
        if (names.has(who.name) || names.has("all")) return ours;
        if (parity === "odd" && step % 2 === 1) return ours;
        if (parity === "even" && step % 2 === 0) return ours;
        return reference;
      };
    }
    const result = simulate({
      script,
      book,
      table,
      initPeer,
      particle: particleFrom(opts, table.particle),
      runnerFor,
      maxSteps: opts["max-steps"] !== undefined ? Number(opts["max-steps"]) : 1000,
      includeTetraplets: !opts["no-tetraplets"],
      includeTrace: Boolean(opts.trace),
      includeData: Boolean(opts["show-data"]),
    });
    print({ mode: "simulate", reference: referenceVersions(), particle: particleFrom(opts, table.particle), peers: book.toJSON(), ...result });
    return result.errors.length === 0 && result.complete ? 0 : 1;
  }

  if (!opts.peer || !opts["init-peer"]) throw new Error("--peer and --init-peer are required for a single step (or use --simulate)");
  const peer = opts.sk ? book.add({ ...((await import("./lib/peers.mjs")).identity(looksLikePeerId(opts.peer) ? "peer" : opts.peer, Buffer.from(opts.sk, "base64"))) }) : book.resolve(opts.peer);
  const initPeer = book.resolve(opts["init-peer"]);
  const script = book.substitute(rawScript);
  const particle = particleFrom(opts);
  const res = vm.invoke({
    script,
    initPeerId: initPeer.peerId,
    currentPeerId: peer.peerId,
    secretKey: peer.sk,
    particle,
    prevData: readData(opts["prev-data"]),
    data: readData(opts.data),
    callResults: opts["call-results"] ? normalizeCallResults(jsonArg(opts["call-results"])) : [],
  });
  if (opts["out-data"]) writeFileSync(opts["out-data"], res.data);
  const out = { mode: "step", current_peer: peer.peerId, init_peer: initPeer.peerId, particle, ...outcomeJSON(res), data: { size: res.data.length } };
  if (!opts["no-raw"]) out.data.base64 = Buffer.from(res.data).toString("base64");
  out.data.human = vm.humanReadable(res.data);
  out.peers = book.toJSON();
  print(out);
  return res.retCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + "\n");
    process.exit(2);
  },
);
