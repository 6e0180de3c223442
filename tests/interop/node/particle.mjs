// Drives js-client 0.9.0's own particle code (the modules its relay connection uses) for the
// node layer's interop tests. Reads one JSON request on stdin, prints one JSON line.
//   node particle.mjs read   {"body_hex": "..."}   -> what js-client's receive path makes of a body
//   node particle.mjs make   {"seed_hex", "script", "ttl", "data_hex", "id"?, "timestamp"?}
//                                                   -> the body js-client sends for that particle
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// js-client's package exports hide these modules; import them by path, as its relay code does.
const dist = join(dirname(fileURLToPath(import.meta.url)), "node_modules", "@fluencelabs", "js-client", "dist");
const { Particle, serializeParticle, buildParticleMessage } = await import(
  pathToFileURL(join(dist, "particle", "Particle.js")).href
);
const { KeyPair } = await import(pathToFileURL(join(dist, "keypair", "index.js")).href);
const { peerIdFromString } = await import("@libp2p/peer-id");

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const unhex = (text) => new Uint8Array(Buffer.from(text, "hex"));

async function read({ body_hex }) {
  // The steps of RelayConnection.processIncomingMessage: deserialize, then verify.
  const particle = Particle.deserialize(unhex(body_hex));
  const initPeerId = peerIdFromString(particle.initPeerId);
  const verified =
    initPeerId.publicKey !== undefined &&
    (await KeyPair.verifyWithPublicKey(initPeerId.publicKey, buildParticleMessage(particle), particle.signature));
  return {
    id: particle.id,
    init_peer_id: particle.initPeerId,
    timestamp: particle.timestamp,
    ttl: particle.ttl,
    script: particle.script,
    signature_hex: hex(particle.signature),
    data_hex: hex(particle.data),
    verified,
  };
}

async function make({ seed_hex, script, ttl, data_hex, id, timestamp }) {
  const keyPair = await KeyPair.fromEd25519SK(unhex(seed_hex));
  const particle = await Particle.createNew(
    script, keyPair.getPeerId(), ttl, keyPair, id, timestamp, unhex(data_hex));
  return { body_hex: hex(serializeParticle(particle)), init_peer_id: keyPair.getPeerId() };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const command = process.argv[2];
try {
  const result = command === "read" ? await read(request) : command === "make" ? await make(request) : null;
  if (result === null) throw new Error(`unknown command ${command}`);
  console.log(JSON.stringify(result));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
}
