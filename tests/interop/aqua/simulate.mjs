// A deterministic multi-peer run of one AIR script on the reference AquaVM, calling it the way
// js-client calls a compiled Aqua function: getDataSrv serves -relay- and the arguments,
// callbackSrv serves callbacks and the response, errorHandlingSrv receives errors.
//
// Scheduling: a FIFO queue of (peer, data, call results); each step's next peers are queued in
// peer-id order, then the step's call requests are answered together as one queued item.
import { identity } from "./avm.mjs";

export const PARTICLE = { id: "00000000-0000-4000-8000-000000000001", timestamp: 1700000000000, ttl: 120000 };

const PLACEHOLDER = /\{\{([A-Za-z0-9_-]+)\}\}/g;

export function substitute(value, ids) {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (_, n) => {
      if (!ids.has(n)) ids.set(n, identity(n));
      return ids.get(n).peerId;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
  return value;
}

function equalJSON(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Services every simulated peer has (a subset of js-client's builtins).
function builtin(service, fn, args) {
  const num = (i) => Number(args[i]);
  const ok = (result) => ({ ret_code: 0, result });
  switch (service) {
    case "math":
      switch (fn) {
        case "add": return ok(num(0) + num(1));
        case "sub": return ok(num(0) - num(1));
        case "mul": return ok(num(0) * num(1));
        case "fmul": return ok(Math.floor(num(0) * num(1)));
        case "div": return ok(Math.trunc(num(0) / num(1)));
        case "rem": return ok(num(0) % num(1));
        case "pow": return ok(num(0) ** num(1));
        case "log": return ok(Math.floor(Math.log(num(1)) / Math.log(num(0))));
      }
      break;
    case "cmp":
      switch (fn) {
        case "lt": return ok(num(0) < num(1));
        case "lte": return ok(num(0) <= num(1));
        case "gt": return ok(num(0) > num(1));
        case "gte": return ok(num(0) >= num(1));
        case "cmp": return ok(Math.sign(num(0) - num(1)));
      }
      break;
    case "op":
      switch (fn) {
        case "noop": return ok({});
        case "identity": return ok(args.length ? args[0] : {});
        case "array": return ok(args);
        case "array_length": return ok(args[0].length);
        case "concat": return ok(args.flat());
        case "concat_strings": return ok(args.join(""));
      }
      break;
    case "peer":
      switch (fn) {
        case "identify": return ok({ external_addresses: [], node_version: "js-0.23.0", air_version: "js-0.24.2", spell_version: "", allowed_binaries: [] });
        case "timestamp_ms": return ok(1700000000000);
        case "timestamp_sec": return ok(1700000000);
      }
      break;
  }
  return null;
}

function answer(rules, state, peerName, service, fn, args) {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.service !== "*" && r.service !== service) continue;
    if (r.function !== "*" && r.function !== fn) continue;
    if (r.peer !== undefined && r.peer !== peerName) continue;
    if (r.args !== undefined && !equalJSON(r.args, args)) continue;
    let a = r;
    if (r.sequence) {
      const k = state.get(i) ?? 0;
      state.set(i, k + 1);
      a = r.sequence[Math.min(k, r.sequence.length - 1)];
    }
    if (a.echo === "first") return { ret_code: 0, result: args[0] ?? null };
    if (a.echo === "all") return { ret_code: 0, result: args };
    if (a.error !== undefined) return { ret_code: a.ret_code ?? 1, result: a.error };
    return { ret_code: 0, result: a.result ?? null };
  }
  const b = builtin(service, fn, args);
  if (b) return b;
  return { ret_code: 1, result: `No service found for service call: serviceId='${service}', fnName='${fn}'` };
}

/**
 * Runs `script` as the compiled function, `args` ({name: value}) served by getDataSrv.
 * Returns {complete, steps, calls: {peerName: [{service, function, args, ret_code}]}, response, error}.
 */
export function simulate(vm, { script, args, rules, ids, initName = "client", relayName = "relay", maxSteps = 2000 }) {
  const nameOf = new Map([...ids.values()].map((p) => [p.peerId, p.name]));
  const init = ids.get(initName);
  const relay = ids.get(relayName);
  const state = new Map();
  const prev = new Map();
  const calls = {};
  let response = null;
  let error = null;
  const seqState = new Map();
  const queue = [{ peerId: init.peerId, data: new Uint8Array(), callResults: [] }];
  let steps = 0;
  while (queue.length > 0 && steps < maxSteps) {
    const item = queue.shift();
    steps += 1;
    const name = nameOf.get(item.peerId);
    const who = ids.get(name);
    const res = vm.invoke({
      script,
      initPeerId: init.peerId,
      currentPeerId: item.peerId,
      sk: who.sk,
      particle: PARTICLE,
      prevData: prev.get(item.peerId) ?? new Uint8Array(),
      data: item.data,
      callResults: item.callResults,
    });
    prev.set(item.peerId, res.data);
    if (res.retCode !== 0) {
      (calls[name] ??= []).push({ interpreter_error: res.retCode });
      continue;
    }
    for (const next of [...res.nextPeerPks].sort()) {
      if (!nameOf.has(next)) {
        (calls[name] ??= []).push({ undeliverable: next });
        continue;
      }
      queue.push({ peerId: next, data: res.data, callResults: [] });
    }
    if (res.callRequests.length > 0) {
      const results = [];
      for (const [key, cr] of res.callRequests) {
        const svc = cr.serviceId;
        const fn = cr.functionName;
        const cargs = cr.arguments;
        let ans;
        if (name === initName && svc === "getDataSrv") {
          if (fn === "-relay-") ans = { ret_code: 0, result: relay.peerId };
          else if (Object.prototype.hasOwnProperty.call(args, fn)) ans = { ret_code: 0, result: args[fn] };
          else ans = { ret_code: 1, result: `no argument ${fn}` };
        } else if (name === initName && svc === "callbackSrv" && fn === "response") {
          response = cargs;
          ans = { ret_code: 0, result: {} };
        } else if (name === initName && svc === "errorHandlingSrv") {
          error = cargs;
          ans = { ret_code: 0, result: {} };
        } else if (name === initName && svc === "callbackSrv") {
          ans = answer(rules, seqState, name, svc, fn, cargs);
          if (ans.ret_code !== 0 && String(ans.result).startsWith("No service found")) ans = { ret_code: 0, result: null };
        } else {
          ans = answer(rules, seqState, name, svc, fn, cargs);
        }
        (calls[name] ??= []).push({ service: svc, function: fn, args: cargs, ret_code: ans.ret_code });
        results.push([Number(key), { retCode: ans.ret_code, result: JSON.stringify(ans.result) }]);
      }
      queue.push({ peerId: item.peerId, data: new Uint8Array(), callResults: results });
    }
  }
  return { complete: queue.length === 0, steps, calls, response, error };
}
