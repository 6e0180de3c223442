// The js-libp2p side of bench/net/net_vs_js.sh: the same loopback measurements as bench_net
// (yamux stream throughput over Noise over TCP; full connection handshakes per second), with a
// listener and a dialer in one Node process. Prints JSON lines.
//   node bench.mjs [MB] [HANDSHAKES] [PARALLEL]
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'

const mb = Number(process.argv[2] ?? 256)
const count = Number(process.argv[3] ?? 500)
const parallel = Number(process.argv[4] ?? 8)

const make = (listen) => createLibp2p({
  addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
  transports: [tcp()],
  connectionEncryption: [noise()],
  streamMuxers: [yamux()],
  connectionGater: { denyDialMultiaddr: async () => false },
  connectionManager: { minConnections: 0, maxConnections: 100000, maxIncomingPendingConnections: 1000, inboundConnectionThreshold: 1000000 }
})

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
const server = await make(true)
await server.handle('/bench/sink/1.0.0', async ({ stream }) => {
  let total = 0
  for await (const c of stream.source) total += c.byteLength
  await stream.sink([new TextEncoder().encode(String(total))])
}, { maxInboundStreams: 1024 })
const addr = server.getMultiaddrs()[0]

{
  const client = await make(false)
  const conn = await client.dial(addr)
  const s = await conn.newStream('/bench/sink/1.0.0')
  const chunk = new Uint8Array(1024 * 1024).fill(0xab)
  const start = process.hrtime.bigint()
  const cpu0 = cpu()
  await s.sink((async function * () { for (let i = 0; i < mb; i++) yield chunk })())
  let reply = ''
  for await (const c of s.source) reply += new TextDecoder().decode(c.subarray())
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  if (reply !== String(mb * 1024 * 1024)) throw new Error('byte count mismatch ' + reply)
  console.log(JSON.stringify({ impl: 'js-libp2p', measure: 'yamux_noise_throughput', MB_per_s: Math.round(mb * 1024 * 1024 / secs / 1e6), megabytes: mb, MB_per_cpu_s: Math.round(mb * 1024 * 1024 / 1e6 / (cpu() - cpu0)) }))
  await client.stop()
}

{
  const clients = await Promise.all(Array.from({ length: parallel }, () => make(false)))
  let next = 0
  const start = process.hrtime.bigint()
  const cpu0 = cpu()
  await Promise.all(clients.map(async (c) => {
    while (next < count) {
      next++
      const conn = await c.dial(addr, { force: true })
      await conn.abort()
    }
  }))
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  console.log(JSON.stringify({ impl: 'js-libp2p', measure: 'handshakes', per_s: Math.round(count / secs), count, parallel, per_cpu_s: Math.round(count / (cpu() - cpu0)) }))
  await Promise.all(clients.map(c => c.stop()))
}
await server.stop()
process.exit(0)
