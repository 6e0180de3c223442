// Service tables (the format of the oracle's run-air --simulate, also read by
// `fluence air run --simulate`): rules answer service calls; the first matching rule wins.
//   RULE = {service, function, [peer], [args], RESPONSE}; service/function may be "*".
//   RESPONSE = {result} | {result_json: TEXT} | {error, [ret_code]} | {echo: "first"|"all"}
//            | {sequence: [RESPONSE...]}; result_json is handed to AquaVM verbatim (may be invalid JSON)
import { isDeepStrictEqual } from "node:util";
import { identity, looksLikePeerId } from "./peers.mjs";

function deepSubstitute(v, book) {
  if (typeof v === "string") return book.substitute(v);
  if (Array.isArray(v)) return v.map((x) => deepSubstitute(x, book));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepSubstitute(x, book)]));
  return v;
}

function checkResponse(r, where) {
  if (r == null || typeof r !== "object") throw new Error(`${where}: a response must be an object`);
  const kinds = ["result", "result_json", "error", "echo", "sequence"].filter((k) => k in r);
  if (kinds.length !== 1) throw new Error(`${where}: exactly one of result / result_json / error / echo / sequence is required`);
  if ("result_json" in r && typeof r.result_json !== "string") throw new Error(`${where}: result_json must be a string (the result's text)`);
  if ("echo" in r && r.echo !== "first" && r.echo !== "all") throw new Error(`${where}: echo must be "first" or "all"`);
  if ("sequence" in r) {
    if (!Array.isArray(r.sequence) || r.sequence.length === 0) throw new Error(`${where}: sequence must be a non-empty array`);
    r.sequence.forEach((s, i) => checkResponse(s, `${where}.sequence[${i}]`));
  }
}

export class ServiceTable {
  constructor(raw, book) {
    if (raw == null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("service table must be a JSON object");
    const peers = raw.peers ?? [];
    for (const [name, opts] of Array.isArray(peers) ? peers.map((n) => [n, {}]) : Object.entries(peers)) {
      if (opts && opts.sk) book.add(identity(name, Buffer.from(opts.sk, "base64")));
      else book.named(name);
    }
    this.table = deepSubstitute(raw, book);
    this.rules = this.table.services ?? [];
    if (!Array.isArray(this.rules)) throw new Error("'services' must be an array of rules");
    this.rules.forEach((r, i) => {
      if (typeof r.service !== "string" || typeof r.function !== "string") throw new Error(`services[${i}]: 'service' and 'function' are required strings`);
      const resp = Object.fromEntries(Object.entries(r).filter(([k]) => !["service", "function", "peer", "args"].includes(k)));
      checkResponse(resp, `services[${i}]`);
      if (r.peer !== undefined && r.peer !== "*") r._peerId = looksLikePeerId(r.peer) ? r.peer : book.named(r.peer).peerId;
    });
    if (this.table.default !== undefined) checkResponse(this.table.default, "default");
    this.counters = new Map();
  }

  get initPeer() {
    return this.table.init_peer;
  }

  get particle() {
    return this.table.particle;
  }

  respond(resp, args, counterKey) {
    if ("sequence" in resp) {
      const n = this.counters.get(counterKey) ?? 0;
      this.counters.set(counterKey, n + 1);
      return this.respond(resp.sequence[Math.min(n, resp.sequence.length - 1)], args, `${counterKey}/${n}`);
    }
    if ("result" in resp) return { ret_code: resp.ret_code ?? 0, result: resp.result };
    if ("result_json" in resp) return { ret_code: resp.ret_code ?? 0, result_json: resp.result_json };
    if ("error" in resp) return { ret_code: resp.ret_code ?? 1, result: resp.error };
    if (resp.echo === "first") return { ret_code: resp.ret_code ?? 0, result: args.length > 0 ? args[0] : null };
    return { ret_code: resp.ret_code ?? 0, result: args };
  }

  /** {ret_code, result, rule}: rule is the index of the matching rule, "default" or null. */
  call(peerId, service, fn, args) {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i];
      if (r.service !== "*" && r.service !== service) continue;
      if (r.function !== "*" && r.function !== fn) continue;
      if (r._peerId !== undefined && r._peerId !== peerId) continue;
      if (r.args !== undefined && !isDeepStrictEqual(r.args, args)) continue;
      return { ...this.respond(r, args, `rule${i}`), rule: i };
    }
    if (this.table.default !== undefined) return { ...this.respond(this.table.default, args, "default"), rule: "default" };
    return { ret_code: 1, result: `No service found for service call: serviceId='${service}', fnName='${fn}'`, rule: null };
  }
}
