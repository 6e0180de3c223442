// js-client 0.9.0's own RelayConnection (what a Fluence app uses to reach its relay) against
// one of our hosts: sends COUNT particles to the relay and waits for each to come back.
//   node relay_client.mjs RELAY_MULTIADDR COUNT
// Prints one JSON line: {"peer_id", "sent", "echoed", "data_ok"} (or {"error"}).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "node_modules", "@fluencelabs", "js-client", "dist");
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { RelayConnection } = await load("connection/RelayConnection.js");
const { Particle } = await load("particle/Particle.js");
const { KeyPair } = await load("keypair/index.js");

const [relayAddress, countText] = process.argv.slice(2);
const count = Number(countText);
const timeout = setTimeout(() => finish("timed out"), 60000);
let connection;

async function finish(error, result) {
  clearTimeout(timeout);
  console.log(JSON.stringify(error ? { error, ...result } : result));
  try {
    await connection?.stop();
  } finally {
    process.exit(0);
  }
}

try {
  const keyPair = await KeyPair.randomEd25519();
  connection = new RelayConnection({
    peerId: keyPair.getLibp2pPeerId(),
    relayAddress,
    maxInboundStreams: 1024,
    maxOutboundStreams: 1024,
  });
  await connection.start();
  const expected = new Map();
  let echoed = 0;
  let dataOk = true;
  const done = new Promise((resolve) => {
    // Particles reach this subject only after js-client verified their signature.
    connection.particleSource.subscribe((particle) => {
      const sent = expected.get(particle.id);
      if (!sent) return;
      expected.delete(particle.id);
      echoed += 1;
      // The relay appends 0xee to the data; everything signed must be unchanged.
      const want = [...sent.data, 0xee];
      if (particle.script !== sent.script || particle.ttl !== sent.ttl || particle.timestamp !== sent.timestamp ||
          particle.data.length !== want.length || particle.data.some((b, i) => b !== want[i])) {
        dataOk = false;
      }
      if (echoed === count) resolve();
    });
  });
  const relayPeerId = connection.getRelayPeerId();
  for (let i = 0; i < count; i++) {
    const particle = await Particle.createNew(`(call %init_peer_id% ("echo" "n") [${i}])`, keyPair.getPeerId(),
                                              60000, keyPair, undefined, undefined, new Uint8Array([i & 255, i >> 8]));
    expected.set(particle.id, particle);
    await connection.sendParticle([relayPeerId], particle);
  }
  await done;
  await finish(null, { peer_id: keyPair.getPeerId(), sent: count, echoed, data_ok: dataOk });
} catch (e) {
  await finish(String(e?.stack ?? e));
}
