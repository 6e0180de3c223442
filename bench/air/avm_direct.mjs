// avm.wasm (@fluencelabs/avm 0.62.0) driven directly from node, without marine-js: the module is
// instantiated with stub WASI imports and its `invoke` export is called through the Marine
// module ABI (marine.md §6-§8: strings and byte arrays as (ptr, len) written straight into
// its memory with its own `allocate`, RunParameters as a packed record, the outcome read back
// from `get_result_ptr`). marine-js instead passes byte arrays as JSON arrays of numbers, which
// is what exhausts memory on 100 MB inputs before avm.wasm runs; this host gives avm.wasm the
// bytes as they are, so its own time and memory can be measured.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { webcrypto } from "node:crypto";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const AVM_WASM = path.join(HERE, "..", "..", "tests", "interop", "air", "node_modules", "@fluencelabs", "avm", "dist", "avm.wasm");

class ProcExit extends Error {}

export class AvmDirect {
  static create(wasmPath = AVM_WASM) {
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const self = new AvmDirect();
    const view = () => new DataView(self.memory.buffer);
    const wasi = {
      clock_time_get: (_id, _precision, out) => {
        view().setBigUint64(out, BigInt(Date.now()) * 1000000n, true);
        return 0;
      },
      fd_write: (_fd, iovs, iovsLen, nwritten) => {
        let n = 0;
        for (let i = 0; i < iovsLen; i++) n += view().getUint32(iovs + 8 * i + 4, true);
        view().setUint32(nwritten, n, true);
        return 0;
      },
      sched_yield: () => 0,
      random_get: (buf, len) => {
        webcrypto.getRandomValues(new Uint8Array(self.memory.buffer, buf, len));
        return 0;
      },
      environ_get: () => 0,
      environ_sizes_get: (count, size) => {
        view().setUint32(count, 0, true);
        view().setUint32(size, 0, true);
        return 0;
      },
      proc_exit: (code) => {
        throw new ProcExit(`proc_exit(${code})`);
      },
    };
    const instance = new WebAssembly.Instance(module, {
      wasi_snapshot_preview1: wasi,
      __marine_host_api_v3: { log_utf8_string: () => {} },
    });
    self.exports = instance.exports;
    self.memory = instance.exports.memory;
    self.exports._initialize?.();
    try {
      self.exports._start?.();
    } catch (e) {
      if (!(e instanceof ProcExit)) throw e;
    }
    return self;
  }

  bytes() {
    return new Uint8Array(this.memory.buffer);
  }

  /** Copies `data` (Uint8Array) into module memory; returns [ptr, len]. */
  lower(data) {
    const ptr = this.exports.allocate(data.length, 1);
    this.bytes().set(data, ptr);
    return [ptr, data.length];
  }

  /**
   * One invocation. params: {init_peer_id, current_peer_id, timestamp, ttl, key_format,
   * secret_key_bytes (Uint8Array), particle_id, air_size_limit, particle_size_limit,
   * call_result_size_limit, hard_limit_enabled}. Returns {ret_code, error_message, data}.
   */
  invoke(script, prevData, data, params, callResults) {
    const enc = new TextEncoder();
    const [airPtr, airLen] = this.lower(enc.encode(script));
    const [prevPtr, prevLen] = this.lower(prevData);
    const [dataPtr, dataLen] = this.lower(data);
    // RunParameters: the fields back to back (air.md §2.2, marine.md §7.1), 70 bytes.
    const strings = [params.init_peer_id, params.current_peer_id].map((s) => this.lower(enc.encode(s)));
    const key = this.lower(params.secret_key_bytes);
    const particle = this.lower(enc.encode(params.particle_id));
    const rec = new Uint8Array(70);
    const dv = new DataView(rec.buffer);
    let o = 0;
    const u32 = (v) => { dv.setUint32(o, v, true); o += 4; };
    const u64 = (v) => { dv.setBigUint64(o, BigInt(v), true); o += 8; };
    const pair = ([p, l]) => { u32(p); u32(l); };
    pair(strings[0]);
    pair(strings[1]);
    u64(params.timestamp);
    u32(params.ttl);
    dv.setUint8(o++, params.key_format);
    pair(key);
    pair(particle);
    u64(params.air_size_limit);
    u64(params.particle_size_limit);
    u64(params.call_result_size_limit);
    dv.setUint8(o++, params.hard_limit_enabled ? 1 : 0);
    const [recPtr] = this.lower(rec);
    const [crPtr, crLen] = this.lower(callResults);
    this.exports.invoke(airPtr, airLen, prevPtr, prevLen, dataPtr, dataLen, recPtr, crPtr, crLen);
    // InterpreterOutcome: ret_code i64, error_message string, data bytes, next_peer_pks
    // array(string), call_requests bytes, three bools (air.md §2.3).
    const out = new DataView(this.memory.buffer, this.exports.get_result_ptr(), 43);
    const slice = (at) => {
      const p = out.getUint32(at, true);
      const l = out.getUint32(at + 4, true);
      return this.bytes().slice(p, p + l);
    };
    const result = {
      ret_code: Number(out.getBigInt64(0, true)),
      error_message: new TextDecoder().decode(slice(8)),
      data: slice(16),
      next_peer_count: out.getUint32(28, true),
      call_requests: slice(32),
    };
    this.exports.release_objects();
    return result;
  }

  memoryMb() {
    return this.memory.buffer.byteLength / (1 << 20);
  }
}
