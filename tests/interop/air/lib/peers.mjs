// Named peer identities, the same as the oracle's and `fluence air run`'s: the Ed25519 seed of
// peer NAME is SHA-256(utf8(NAME)); its peer id is base58btc of the identity multihash of the
// libp2p protobuf public key. {{NAME}} in scripts and tables stands for that peer id.
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const PEER_ID_RE = /^(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}$/;
export const PLACEHOLDER_RE = /\{\{([A-Za-z0-9_.:-]+)\}\}/g;

export function base58(bytes) {
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

export function looksLikePeerId(s) {
  return typeof s === "string" && PEER_ID_RE.test(s);
}

export function publicKeyOfSeed(seed) {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(seed)]);
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - 32);
}

export function peerIdOfSeed(seed) {
  return base58(Buffer.concat([Buffer.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]), publicKeyOfSeed(seed)]));
}

export function identity(name, seed = createHash("sha256").update(name, "utf8").digest()) {
  const sk = new Uint8Array(seed);
  return { name, peerId: peerIdOfSeed(sk), sk, skBase64: Buffer.from(sk).toString("base64") };
}

// Raw ids of these names are recognised as those peers (the names the oracle's run-aqua uses).
const WELL_KNOWN = ["client", "relay", ...Array.from({ length: 20 }, (_, i) => `peer${i}`)];
let wellKnown = null;

export class PeerBook {
  constructor() {
    this.byName = new Map();
    this.byId = new Map();
  }

  add(id) {
    this.byName.set(id.name, id);
    this.byId.set(id.peerId, id);
    return id;
  }

  named(name) {
    return this.byName.get(name) ?? this.add(identity(name));
  }

  resolve(nameOrId) {
    if (looksLikePeerId(nameOrId)) {
      if (this.byId.has(nameOrId)) return this.byId.get(nameOrId);
      wellKnown ??= new Map(WELL_KNOWN.map((n) => [identity(n).peerId, n]));
      const n = wellKnown.get(nameOrId);
      if (n !== undefined) return this.named(n);
      return { name: null, peerId: nameOrId, sk: null, skBase64: null };
    }
    return this.named(nameOrId);
  }

  nameOf(peerId) {
    return this.byId.get(peerId)?.name ?? null;
  }

  substitute(text) {
    for (const m of text.matchAll(PLACEHOLDER_RE)) this.named(m[1]);
    return text.replace(PLACEHOLDER_RE, (_, n) => this.byName.get(n).peerId);
  }

  toJSON() {
    const out = {};
    for (const [name, id] of this.byName) out[name] = { peer_id: id.peerId, sk: id.skBase64 };
    return out;
  }
}
