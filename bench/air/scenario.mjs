// Shared by the AIR bench scripts: reading a scenario written by `air_bench gen`, in the input
// shape the reference harness takes, and watching avm.wasm's linear memory (wasm32 memory only
// grows, so its size after a run is the interpreter's peak, also when the run ends in a trap).
import { readFileSync } from "node:fs";
import path from "node:path";

export function readScenario(dir) {
  const p = JSON.parse(readFileSync(path.join(dir, "params.json"), "utf8"));
  return {
    script: readFileSync(path.join(dir, "script.air"), "utf8"),
    prevData: readFileSync(path.join(dir, "prev.dat")),
    data: readFileSync(path.join(dir, "cur.dat")),
    callResults: readFileSync(path.join(dir, "results.dat")),
    runParams: {
      init_peer_id: p.init_peer_id,
      current_peer_id: p.current_peer_id,
      timestamp: p.timestamp,
      ttl: p.ttl,
      key_format: 0,
      secret_key_bytes: Array.from(Buffer.from(p.secret_key, "base64")),
      particle_id: p.particle_id,
      air_size_limit: 4294967296,
      particle_size_limit: 4294967296,
      call_result_size_limit: 4294967296,
      hard_limit_enabled: false,
    },
  };
}

// The memories of avm.wasm instances (the ones exporting `invoke`, not marine-js's own module)
// created from now on are pushed to the returned array.
export function watchAvmMemories() {
  const memories = [];
  const collect = (instance) => {
    if (typeof instance.exports?.invoke !== "function") return;
    for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
  };
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const instance = new Original(module, imports);
    collect(instance);
    return instance;
  };
  WebAssembly.Instance.prototype = Original.prototype;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (source, imports) {
    const r = await instantiate.call(WebAssembly, source, imports);
    collect(r instanceof Original ? r : r.instance);
    return r;
  };
  return memories;
}
