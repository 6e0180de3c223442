// The reference AquaVM (avm.wasm of @fluencelabs/avm 0.62.0) hosted in-process by the
// reference Marine runtime for JS (@fluencelabs/marine-js 0.13.0), both from this folder's
// node_modules. One instance serves any number of invocations.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MODULES = path.join(HERE, "node_modules");
const requireHere = createRequire(path.join(HERE, "package.json"));

function pkgFile(name, rel) {
  return path.join(MODULES, ...name.split("/"), rel);
}

const { MarineService } = await import(pathToFileURL(pkgFile("@fluencelabs/marine-js", "dist/MarineService.js")).href);
const { defaultCallParameters } = await import(pathToFileURL(pkgFile("@fluencelabs/marine-js", "dist/types.js")).href);
const { serializeAvmArgs, deserializeAvmResult } = requireHere("@fluencelabs/avm");

export function referenceVersions() {
  const v = (n) => requireHere(pkgFile(n, "package.json")).version;
  return { "@fluencelabs/avm": v("@fluencelabs/avm"), "@fluencelabs/marine-js": v("@fluencelabs/marine-js") };
}

export const DEFAULT_PARTICLE = Object.freeze({
  id: "00000000-0000-4000-8000-000000000000",
  timestamp: 1700000000000,
  ttl: 120000,
});

/**
 * Call results given as {"<key>": {ret_code, result}} or [[key, {...}]]: `result` is any JSON
 * value, handed to AquaVM serialized as a JSON string (as js-client does); `result_json` passes
 * a string verbatim. Returns [[key, {retCode, result: string}]].
 */
export function normalizeCallResults(cr) {
  if (cr == null) return [];
  const entries = Array.isArray(cr) ? cr : Object.entries(cr);
  return entries.map(([key, v]) => {
    const retCode = v.ret_code ?? v.retCode ?? 0;
    const result = v.result_json !== undefined ? String(v.result_json) : JSON.stringify(v.result ?? null);
    return [Number(key), { retCode, result }];
  });
}

export class ReferenceAvm {
  static async create() {
    const [marineWasm, avmWasm] = await Promise.all([
      readFile(pkgFile("@fluencelabs/marine-js", "dist/marine-js.wasm")),
      readFile(pkgFile("@fluencelabs/avm", "dist/avm.wasm")),
    ]);
    const control = new WebAssembly.Module(marineWasm);
    const config = {
      modules_config: [
        {
          import_name: "avm",
          config: {
            logger_enabled: true,
            logging_mask: 0,
            wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() },
          },
        },
      ],
    };
    const srv = new MarineService(control, "avm", () => {}, config, { avm: new Uint8Array(avmWasm) }, {});
    await srv.init();
    return new ReferenceAvm(srv);
  }

  constructor(srv) {
    this.srv = srv;
  }

  /** One invocation; returns {retCode, errorMessage, data, nextPeerPks, callRequests (sorted by key)}. */
  invoke({ script, initPeerId, currentPeerId, secretKey, particle = DEFAULT_PARTICLE, prevData, data, callResults = [] }) {
    const args = serializeAvmArgs(
      {
        initPeerId,
        currentPeerId,
        timestamp: particle.timestamp,
        ttl: particle.ttl,
        keyFormat: 0,
        particleId: particle.id,
        secretKeyBytes: secretKey ?? new Uint8Array(32),
      },
      script,
      prevData ?? new Uint8Array(),
      data ?? new Uint8Array(),
      callResults,
    );
    // The helper of avm 0.62 fills hard_limit_enabled with a number; the wasm wants a bool.
    args[3].hard_limit_enabled = false;
    const res = deserializeAvmResult(this.srv.call("invoke", args, defaultCallParameters));
    res.data = Uint8Array.from(res.data);
    res.callRequests.sort((a, b) => Number(a[0]) - Number(b[0]));
    return res;
  }

  humanReadable(data) {
    if (!data || data.length === 0) return null;
    const s = this.srv.call("to_human_readable_data", [Array.from(data)], defaultCallParameters);
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  }
}
