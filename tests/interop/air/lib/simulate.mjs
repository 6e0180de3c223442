// The multi-peer scheduler of the oracle's run-air --simulate, which `fluence air run --simulate`
// mirrors exactly:
//   * a FIFO queue of work items {peer, data, callResults}, starting with {init peer, empty, none};
//   * each peer keeps prev_data (initially empty); an item invokes the interpreter with
//     (script, prev_data, item.data, item.callResults) and the returned data becomes the peer's
//     prev_data whatever the ret_code;
//   * ret_code != 0: recorded in `errors`, nothing is sent or called;
//   * else: one item {next peer, returned data} per next peer sorted by peer id, then, if there are
//     call requests, they are answered from the service table in ascending key order and ONE item
//     {same peer, empty data, all those results} is queued;
//   * until the queue is empty (complete) or maxSteps invocations.
// `runnerFor(identity)` picks the interpreter of each peer, so chains can mix implementations.
import { normalizeCallResults } from "./avm.mjs";

export function simulate({ script, book, table, initPeer, particle, runnerFor, maxSteps = 1000, includeTetraplets = true, includeTrace = false, includeData = false }) {
  const init = book.resolve(initPeer);
  if (!init.sk) throw new Error(`init peer ${initPeer} has no known secret key; use a peer name`);
  const state = new Map();
  const calls = new Map();
  const label = (peerId) => book.nameOf(peerId) ?? peerId;
  const queue = [{ peerId: init.peerId, data: new Uint8Array(), callResults: [], from: null }];
  const trace = [];
  const errors = [];
  const undeliverable = [];
  let steps = 0;
  while (queue.length > 0 && steps < maxSteps) {
    const item = queue.shift();
    steps += 1;
    const who = book.resolve(item.peerId);
    const res = runnerFor(who, steps)({
      script,
      initPeerId: init.peerId,
      currentPeerId: item.peerId,
      secretKey: who.sk,
      particle,
      prevData: state.get(item.peerId) ?? new Uint8Array(),
      data: item.data,
      callResults: item.callResults,
    });
    state.set(item.peerId, res.data);
    const peer = label(item.peerId);
    if (includeTrace) {
      trace.push({
        step: steps,
        peer,
        input: item.from === null ? (item.callResults.length ? "call_results" : "init") : `particle from ${label(item.from)}`,
        ret_code: res.retCode,
        error_message: res.errorMessage,
        next_peer_pks: [...res.nextPeerPks].sort().map(label),
        call_requests: res.callRequests.map(([k, cr]) => ({ key: Number(k), service: cr.serviceId, function: cr.functionName, args: cr.arguments })),
        data_size: res.data.length,
      });
    }
    if (res.retCode !== 0) {
      errors.push({ step: steps, peer, ret_code: res.retCode, error_message: res.errorMessage });
      continue;
    }
    for (const next of [...res.nextPeerPks].sort()) {
      const target = book.resolve(next);
      if (!target.sk) {
        undeliverable.push({ step: steps, from: peer, to: next });
        continue;
      }
      queue.push({ peerId: next, data: res.data, callResults: [], from: item.peerId });
    }
    if (res.callRequests.length > 0) {
      const results = {};
      const list = calls.get(peer) ?? [];
      for (const [key, cr] of res.callRequests) {
        const answer = table.call(item.peerId, cr.serviceId, cr.functionName, cr.arguments);
        const rec = { service: cr.serviceId, function: cr.functionName, args: cr.arguments };
        if (includeTetraplets) rec.tetraplets = cr.tetraplets;
        rec.ret_code = answer.ret_code;
        if (answer.result_json !== undefined) rec.result_json = answer.result_json;
        else rec.result = answer.result;
        if (answer.rule === null) rec.unmatched = true;
        list.push(rec);
        results[key] = answer.result_json !== undefined
          ? { ret_code: answer.ret_code, result_json: answer.result_json }
          : { ret_code: answer.ret_code, result: answer.result };
      }
      calls.set(peer, list);
      queue.push({ peerId: item.peerId, data: new Uint8Array(), callResults: normalizeCallResults(results), from: null });
    }
  }
  const named = [...book.byName.keys()].filter((n) => calls.has(n));
  const rest = [...calls.keys()].filter((k) => !named.includes(k));
  const out = {
    complete: queue.length === 0,
    steps,
    init_peer: label(init.peerId),
    calls: Object.fromEntries([...named, ...rest].map((k) => [k, calls.get(k)])),
    errors,
  };
  if (undeliverable.length) out.undeliverable = undeliverable;
  if (!out.complete) out.pending = queue.map((q) => ({ peer: label(q.peerId), kind: q.from ? "particle" : "call_results" }));
  if (includeTrace) out.trace = trace;
  if (includeData) out.final_data = Object.fromEntries([...state].map(([p, d]) => [label(p), Buffer.from(d).toString("base64")]));
  return out;
}
