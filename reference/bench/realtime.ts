/**
 * @module `npm run bench:realtime`: the WebSocket endpoint `/web` against a bare `ws` echo server,
 * both in their own processes, measured in the same run from this process.
 *
 * 1. Round trips a second of `GET_PRODUCTS` (pkg_id 1, a name filter over 50 products, in SQLite)
 *    over one socket (each request waits for its answer) and over 100 sockets at once. The
 *    baseline echoes the same frame back.
 * 2. The time to broadcast one message to 1,000 connected sockets: from the trigger
 *    (`POST /v1/realtime/broadcast`, or a `broadcast` frame to the bare server) until the last
 *    socket has it; the median of several rounds.
 *
 * Loopback only; bounded time, about a minute. Options: `--duration <s>` per round-trip run
 * (default 5), `--sockets <n>` for the broadcast (default 1000), `--rounds <n>` broadcasts
 * (default 5).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { buildServerBundle } from '../server/bundle/build-bundle.ts'
import { BENCH_API_KEY, bareEnv, serverEnv } from './config/bench-env.ts'

const here = import.meta.dirname
const MAIN = path.resolve(here, '../server/main.ts')
const BARE = path.resolve(here, 'bare-ws-server.ts')

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    sockets: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
  },
})
const durationMs = Number(values.duration) * 1000
const broadcastSockets = Number(values.sockets)
const rounds = Number(values.rounds)

const start = (
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${script} did not start within 20 s:\n${output}`))
    }, 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      resolve({ child, url: match[1] })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}:\n${output}`))
    })
  })

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

const open = (url: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('close', (code) => reject(new Error(`closed ${code}`)))
  })

/** Sends a frame and waits for the next message, again and again, until the deadline. */
const roundTrips = (ws: WebSocket, frame: () => string, until: number): Promise<number> =>
  new Promise((resolve) => {
    let count = 0
    const next = () => {
      if (performance.now() >= until) {
        ws.off('message', onMessage)
        resolve(count)
        return
      }
      ws.send(frame())
    }
    const onMessage = () => {
      count += 1
      next()
    }
    ws.on('message', onMessage)
    next()
  })

const throughput = async (sockets: WebSocket[], frame: () => string) => {
  const t0 = performance.now()
  const counts = await Promise.all(sockets.map((ws) => roundTrips(ws, frame, t0 + durationMs)))
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000)
}

/** Resolves when every socket has received one message. */
const allReceive = (sockets: WebSocket[]): Promise<void> =>
  Promise.all(
    sockets.map((ws) => new Promise<void>((resolve) => ws.once('message', () => resolve()))),
  ).then(() => undefined)

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

const connectMany = async (url: string, n: number): Promise<WebSocket[]> => {
  const sockets: WebSocket[] = []
  // In batches, so the accept queue never overflows.
  for (let i = 0; i < n; i += 100)
    sockets.push(
      ...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => open(url)))),
    )
  return sockets
}

const closeAll = (sockets: WebSocket[]) => {
  for (const ws of sockets) ws.terminate()
}

interface Figures {
  rtt1: number
  rtt100: number
  broadcastMs: number
}

const measure = async (
  wsUrl: string,
  frame: () => string,
  broadcast: (control: WebSocket) => Promise<void>,
): Promise<Figures> => {
  const one = [await open(wsUrl)]
  await throughput(one, frame) // warm-up run, discarded
  const rtt1 = await throughput(one, frame)
  const hundred = await connectMany(wsUrl, 100)
  const rtt100 = await throughput(hundred, frame)
  closeAll([...one, ...hundred])
  const sockets = await connectMany(wsUrl, broadcastSockets)
  const control = await open(wsUrl)
  const times: number[] = []
  for (let r = 0; r < rounds; r += 1) {
    const received = allReceive(sockets)
    const t0 = performance.now()
    await broadcast(control)
    await received
    times.push(performance.now() - t0)
  }
  closeAll([...sockets, control])
  return { rtt1, rtt100, broadcastMs: median(times) }
}

// What `npm run reference` runs: the one-file bundle, rebuilt here so it has today's sources.
await buildServerBundle()
const dataDir = mkdtempSync(path.join(tmpdir(), 'blueround-bench-ws-'))
const children: ChildProcess[] = []
try {
  const reference = await start(MAIN, {
    ...serverEnv(dataDir),
    BLUEROUND_WS_MAX_CONNECTIONS: String(broadcastSockets + 10),
  })
  children.push(reference.child)
  const headers = { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'application/json' }
  for (let i = 1; i <= 50; i += 1) {
    const res = await fetch(`${reference.url}/v1/products`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: `Bench part ${i}`,
        sku: `BENCH-${i}`,
        barcode: `49${String(i).padStart(11, '0')}`,
      }),
    })
    if (res.status !== 201) throw new Error(`seeding products: ${res.status} ${await res.text()}`)
  }
  const wsUrl = `${reference.url.replace(/^http/, 'ws')}/web?token=${BENCH_API_KEY}`
  const getProducts = () =>
    JSON.stringify({ pkg_id: 1, req_id: randomUUID(), data: { filters: { name: 'part 1' } } })
  const ours = await measure(wsUrl, getProducts, async () => {
    const res = await fetch(`${reference.url}/v1/realtime/broadcast`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ data: { notice: 'bench' } }),
    })
    if (res.status !== 202) throw new Error(`broadcast: ${res.status} ${await res.text()}`)
  })
  await stop(reference.child)

  const bare = await start(BARE, bareEnv())
  children.push(bare.child)
  const bareUrl = bare.url.replace(/^http/, 'ws')
  const base = await measure(bareUrl, getProducts, async (control) => {
    control.send('broadcast')
  })
  await stop(bare.child)

  const row = (label: string, a: string, b: string) =>
    `${label.padEnd(40)}${a.padStart(16)}${b.padStart(16)}`
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`
  const ms = (n: number) => `${n.toFixed(1)} ms`
  console.log(`\nRealtime benchmark (loopback, ${values.duration} s per run)\n`)
  console.log(row('', '/web', 'bare ws echo'))
  console.log(row('GET_PRODUCTS round trips, 1 socket', rate(ours.rtt1), rate(base.rtt1)))
  console.log(row('GET_PRODUCTS round trips, 100 sockets', rate(ours.rtt100), rate(base.rtt100)))
  console.log(
    row(
      `Broadcast to ${broadcastSockets.toLocaleString('en-US')} sockets (median of ${rounds})`,
      ms(ours.broadcastMs),
      ms(base.broadcastMs),
    ),
  )
  console.log(
    '\n/web: auth once per socket, rate-limit window, permission check (cached), zod, SQLite query' +
      ' (LIKE over 50 products), JSON. Broadcast: HTTP trigger, event bus, concurrent sends.',
  )
} finally {
  for (const child of children) await stop(child)
  rmSync(dataDir, { recursive: true, force: true })
}
