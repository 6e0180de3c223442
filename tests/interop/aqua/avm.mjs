// AquaVM 0.62 (avm.wasm) hosted by marine-js 0.13, invoked in-process, plus deterministic
// Ed25519 identities (secret key = SHA-256(name)) and their libp2p peer ids.
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NODE_MODULES = path.join(HERE, "node_modules");
const require = createRequire(path.join(HERE, "package.json"));
const pkg = (name, rel) => path.join(NODE_MODULES, ...name.split("/"), rel);

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes) {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = "";
  while (n > 0n) {
    s = B58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = "1" + s;
  }
  return s;
}

// A named peer: seed = SHA-256(name); peer id = base58(identity multihash of the protobuf public key).
export function identity(name) {
  const seed = createHash("sha256").update(name, "utf8").digest();
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const pub = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }))
    .export({ format: "der", type: "spki" })
    .subarray(-32);
  const mh = Buffer.concat([Buffer.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]), pub]);
  return { name, peerId: base58(mh), sk: new Uint8Array(seed) };
}

export async function createAquaVM() {
  const { MarineService } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/MarineService.js")).href);
  const { defaultCallParameters } = await import(pathToFileURL(pkg("@fluencelabs/marine-js", "dist/types.js")).href);
  const { serializeAvmArgs, deserializeAvmResult, KeyPairFormat } = require("@fluencelabs/avm");
  const control = new WebAssembly.Module(await readFile(pkg("@fluencelabs/marine-js", "dist/marine-js.wasm")));
  const avm = new Uint8Array(await readFile(pkg("@fluencelabs/avm", "dist/avm.wasm")));
  const config = {
    modules_config: [{
      import_name: "avm",
      config: { logger_enabled: true, logging_mask: 0, wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() } },
    }],
  };
  const srv = new MarineService(control, "avm", () => {}, config, { avm }, {});
  await srv.init();
  return {
    invoke({ script, initPeerId, currentPeerId, sk, particle, prevData, data, callResults }) {
      const args = serializeAvmArgs(
        { initPeerId, currentPeerId, timestamp: particle.timestamp, ttl: particle.ttl, keyFormat: KeyPairFormat.Ed25519, particleId: particle.id, secretKeyBytes: sk },
        script, prevData, data, callResults,
      );
      // avm's helper sends hard_limit_enabled as a number; the wasm wants a bool.
      args[3].hard_limit_enabled = false;
      const res = deserializeAvmResult(srv.call("invoke", args, defaultCallParameters));
      res.data = Uint8Array.from(res.data);
      res.callRequests.sort((a, b) => Number(a[0]) - Number(b[0]));
      return res;
    },
  };
}
