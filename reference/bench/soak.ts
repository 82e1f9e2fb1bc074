/**
 * @module `npm run soak`: a bounded mixed load on the real server process, watching for errors and
 * memory growth.
 *
 * It starts `main.ts` (bench rate-limit profile, throwaway data directory), warms it up, then runs
 * two autocannon loads side by side for `--duration` seconds (default 60):
 * - logins: `POST /oauth/token` password grants (scrypt each, so a few connections);
 * - mixed reads and writes with the dev API key: `GET /v1/me`, `GET /v1/products`, `POST
 *   /v1/products` (unique SKUs), `GET /v1/orders`, and `POST /v1/devices/{id}/telemetry` when the
 *   telemetry route exists.
 * It prints throughput, p99 latency, the error count (every status >= 400 except 429, plus socket
 * errors and timeouts) and the server's resident memory after warm-up and at the end, and exits 1
 * on any error or on more than 10 % memory growth. Options: `--duration <s>`, `--connections <n>`
 * (mixed load, default 20), `--warmup <s>` (default 5), `--mix <names>` (a subset of
 * `me,products,create,orders,telemetry,logins`, to find which request kind grows memory).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { BENCH_API_KEY, serverEnv } from './config/bench-env.ts'

const MAIN = path.resolve(import.meta.dirname, '../server/main.ts')
const ADMIN = { username: 'admin@acme.test', password: 'blueround-dev-admin' }
const MAX_GROWTH = 0.1

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    settle: { type: 'string', default: '10' },
    mix: { type: 'string', default: 'me,products,create,orders,telemetry,logins' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const warmup = Number(values.warmup)
const settle = Number(values.settle)
const mix = new Set(values.mix.split(','))

const start = (dataDir: string): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...serverEnv(dataDir), BLUEROUND_ADMIN_PASSWORD: ADMIN.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] !== undefined) resolve({ child, url: match[1] })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })

/** Resident set size of a process in bytes (Linux `/proc`). */
const rssOf = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

const statusCounts = (result: autocannon.Result) =>
  Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, stat]) => [status, stat.count]),
  )

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

const dataDir = mkdtempSync(path.join(tmpdir(), 'blueround-soak-'))
const server = await start(dataDir)
const pid = server.child.pid ?? 0
const json = { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'application/json' }

try {
  const device = await fetch(`${server.url}/v1/devices`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ name: 'Soak sensor' }),
  })
  const deviceId =
    device.status === 201 ? ((await device.json()) as { data: { id: string } }).data.id : undefined
  let sku = 0
  const all: Array<[string, autocannon.Request]> = [
    ['me', { method: 'GET', path: '/v1/me', headers: json }],
    ['products', { method: 'GET', path: '/v1/products?pageSize=5', headers: json }],
    [
      'create',
      {
        method: 'POST',
        path: '/v1/products',
        headers: json,
        setupRequest: (request) => {
          sku += 1
          return {
            ...request,
            body: JSON.stringify({
              name: `Soak product ${sku}`,
              sku: `SOAK-${sku}`,
              barcode: `9${String(sku).padStart(12, '0')}`,
            }),
          }
        },
      },
    ],
    ['orders', { method: 'GET', path: '/v1/orders?pageSize=5', headers: json }],
    ...(deviceId === undefined
      ? []
      : [
          [
            'telemetry',
            {
              method: 'POST' as const,
              path: `/v1/devices/${deviceId}/telemetry`,
              headers: json,
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify({
                  metrics: { temperature: 21.5, humidity: 40 },
                  recordedAt: new Date().toISOString(),
                }),
              }),
            },
          ] as [string, autocannon.Request],
        ]),
  ]
  const mixed = all.filter(([name]) => mix.has(name)).map(([, request]) => request)
  const login: autocannon.Request = {
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', ...ADMIN }).toString(),
  }
  const run = (seconds: number, conns: number, requests: autocannon.Request[]) =>
    autocannon({ url: server.url, connections: conns, duration: seconds, requests, timeout: 10 })

  const withLogins = mix.has('logins')
  const loginRun = (seconds: number) =>
    withLogins ? run(seconds, 2, [login]) : Promise.resolve(undefined)
  await Promise.all([run(warmup, connections, mixed), loginRun(warmup)])
  const rssStart = rssOf(pid)
  // Every 5 s, so a steady climb (a leak) can be told from a one-off step (heap sizing).
  const samples: number[] = []
  const sampler = setInterval(() => samples.push(rssOf(pid)), 5_000)
  const [load, logins] = await Promise.all([run(duration, connections, mixed), loginRun(duration)])
  clearInterval(sampler)
  const rssLoaded = rssOf(pid)
  // V8's memory reducer runs full collections once the process is idle: measure after it, so the
  // end figure is what the load left behind (a leak), not garbage awaiting collection.
  await new Promise((resolve) => setTimeout(resolve, settle * 1000))
  const rssEnd = rssOf(pid)

  const errorsOf = (result: autocannon.Result | undefined) => {
    let count = result === undefined ? 0 : result.errors + result.timeouts
    let limited = 0
    for (const [status, stat] of Object.entries(result?.statusCodeStats ?? {})) {
      if (status === '429') limited += stat.count ?? 0
      else if (Number(status) >= 400) count += stat.count ?? 0
    }
    return { count, limited }
  }
  const loadErrors = errorsOf(load)
  const loginErrors = errorsOf(logins)
  const errors = loadErrors.count + loginErrors.count
  const growth = (rssEnd - rssStart) / rssStart
  const lines = [
    `soak: ${duration} s, ${connections} + ${withLogins ? 2 : 0} connections, mix ${[...mix].join(',')}, telemetry ${deviceId === undefined ? 'absent' : 'available'}, WebSocket messages not included`,
    `soak: mixed  ${load.requests.average.toFixed(0)} req/s, p99 ${load.latency.p99} ms, ${load.requests.total} requests`,
    ...(logins === undefined
      ? []
      : [
          `soak: logins ${logins.requests.average.toFixed(1)} req/s, p99 ${logins.latency.p99} ms, ${logins.requests.total} requests`,
        ]),
    `soak: errors ${errors} (429s ${loadErrors.limited + loginErrors.limited}, expected)`,
    `soak: RSS ${mb(rssStart)} after warm-up, ${mb(rssLoaded)} under load at the end, ${mb(rssEnd)} after ${settle} s idle (${(growth * 100).toFixed(1)} %, limit ${MAX_GROWTH * 100} %)`,
    `soak: RSS every 5 s (MB): ${samples.map((b) => (b / 1024 / 1024).toFixed(0)).join(' ')}`,
    `soak: statuses mixed ${JSON.stringify(statusCounts(load))}${logins === undefined ? '' : `, logins ${JSON.stringify(statusCounts(logins))}`}`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  process.exitCode = errors === 0 && growth <= MAX_GROWTH ? 0 : 1
} finally {
  server.child.kill('SIGTERM')
  await new Promise((resolve) => server.child.once('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
}
