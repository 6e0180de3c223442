// A js-libp2p peer (the versions js-client 0.9.0 pins) that the interop tests drive through
// stdin: one command per line, one JSON answer per line on stdout. Listens on loopback TCP
// and WebSocket; serves /echo/1.0.0; with --dht also Kademlia (/ipfs/kad/1.0.0, server mode).
//   node peer.mjs [--dht]
// Commands: dial MA | ping MA | identify MA | streams MA N | findpeer ID | conns | quit
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import * as filters from '@libp2p/websockets/filters'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'

const withDht = process.argv.includes('--dht')
const services = { identify: identify(), ping: ping() }
if (withDht) {
  services.dht = kadDHT({ protocol: '/ipfs/kad/1.0.0', clientMode: false, peerInfoMapper: passthroughMapper })
}

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] },
  transports: [tcp(), webSockets({ filter: filters.all })],
  connectionEncryption: [noise()],
  streamMuxers: [yamux()],
  services,
  connectionGater: { denyDialMultiaddr: async () => false },
  connectionManager: { minConnections: 0 }
})

await node.handle('/echo/1.0.0', async ({ stream }) => {
  const chunks = []
  for await (const c of stream.source) chunks.push(c.subarray())
  await stream.sink(chunks)
}, { maxInboundStreams: 1024 })

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
out({ peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })

async function readAll (source) {
  const parts = []
  for await (const c of source) parts.push(c.subarray())
  return Buffer.concat(parts)
}

const commands = {
  async dial (ma) {
    const conn = await node.dial(multiaddr(ma))
    return { remotePeer: conn.remotePeer.toString() }
  },
  async ping (ma) {
    const rtt = await node.services.ping.ping(multiaddr(ma))
    return { rtt }
  },
  async identify (ma) {
    const conn = await node.dial(multiaddr(ma))
    const r = await node.services.identify.identify(conn)
    return {
      peerId: r.peerId.toString(),
      protocols: r.protocols,
      listenAddrs: r.listenAddrs.map(a => a.toString()),
      agentVersion: r.agentVersion,
      protocolVersion: r.protocolVersion
    }
  },
  async streams (ma, n) {
    const conn = await node.dial(multiaddr(ma))
    let echoed = 0
    for (let i = 0; i < Number(n); i++) {
      const s = await conn.newStream('/echo/1.0.0')
      const msg = Buffer.from(`message ${i}`)
      await s.sink([msg])
      const back = await readAll(s.source)
      if (back.equals(msg)) echoed++
      await s.close()
    }
    await new Promise(resolve => setTimeout(resolve, 300))
    return { echoed, openStreams: conn.streams.length, connections: node.getConnections().length }
  },
  async findpeer (id) {
    const info = await node.peerRouting.findPeer(peerIdFromString(id), { signal: AbortSignal.timeout(10000) })
    return { id: info.id.toString(), addrs: info.multiaddrs.map(a => a.toString()) }
  },
  async conns () {
    return { connections: node.getConnections().map(c => ({ peer: c.remotePeer.toString(), streams: c.streams.length })) }
  },
  async quit () {
    await node.stop()
    process.exit(0)
  }
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  const [cmd, ...args] = line.trim().split(/\s+/)
  if (!cmd) continue
  try {
    if (!(cmd in commands)) throw new Error(`unknown command ${cmd}`)
    out({ ok: true, ...(await commands[cmd](...args)) })
  } catch (e) {
    out({ ok: false, error: String(e?.message ?? e) })
  }
}
await node.stop()
process.exit(0)
