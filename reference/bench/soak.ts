/**
 * @module `npm run soak`: a bounded mixed load on the real server process, watching for errors and
 * memory growth.
 *
 * It starts `main.ts` (bench rate-limit profile, throwaway data directory) and drives, side by
 * side, for `--duration` seconds (default 60):
 * - logins: `POST /oauth/token` password grants (scrypt each, so two connections);
 * - reads and writes with the dev API key (autocannon, `--connections`, default 20): `GET /v1/me`,
 *   `GET /v1/products`, `POST /v1/products` (unique SKUs), `GET /v1/orders`;
 * - telemetry: `POST /v1/devices/{id}/telemetry` in the same autocannon run;
 * - WebSocket messages: `--sockets` sockets (default 4) on `/web?token=`, each sending
 *   `GET_PRODUCTS` (pkg_id 1) again as soon as the answer arrives (soak-websocket.ts).
 *
 * Memory is measured so that the 10 % rule judges growth under steady load. The same load runs
 * first for `--warmup` seconds (default 30): under a steady allocation rate V8 grows its young
 * generation to its full size (128 MB here) and keeps it, and the code caches fill, so the
 * resident set steps from about 180 MB idle to about 330 MB in the first half minute and then
 * stays flat. That step is heap sizing and warm-up, not a leak, and is not counted. The start and
 * the end are then taken the same way: after `--settle` seconds idle (default 5), the server
 * collects garbage twice (memory-probe.ts, SIGUSR2) and reports `process.memoryUsage()`. The
 * resident set growth between the two is what the 10 % rule judges; the live heap after
 * collection is printed next to it, since a leak shows there first.
 *
 * It prints throughput, p99 latency, the error count (every HTTP status >= 400 except 429, socket
 * errors, timeouts, WebSocket answers other than OK) and the memory figures, and exits 1 on any
 * error or on more than 10 % resident growth. `--mix <names>` runs a subset of
 * `me,products,create,orders,telemetry,logins,websocket`, to find which kind of request grows
 * memory.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { BENCH_API_KEY, serverEnv } from './config/bench-env.ts'
import { startSoakServer } from './soak-server.ts'
import { runWebSocketLoad, type WebSocketLoad } from './soak-websocket.ts'

const ADMIN = { username: 'admin@acme.test', password: 'blueround-dev-admin' }
const MAX_GROWTH = 0.1

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '20' },
    sockets: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '30' },
    settle: { type: 'string', default: '5' },
    mix: { type: 'string', default: 'me,products,create,orders,telemetry,logins,websocket' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const sockets = Number(values.sockets)
const warmup = Number(values.warmup)
const settle = Number(values.settle)
const mix = new Set(values.mix.split(','))

const statusCounts = (result: autocannon.Result | undefined) =>
  Object.fromEntries(
    Object.entries(result?.statusCodeStats ?? {}).map(([status, stat]) => [status, stat.count]),
  )

/** Errors of one autocannon run: statuses >= 400 but 429, socket errors, timeouts. */
const errorsOf = (result: autocannon.Result | undefined) => {
  let count = result === undefined ? 0 : result.errors + result.timeouts
  let limited = 0
  for (const [status, stat] of Object.entries(result?.statusCodeStats ?? {})) {
    if (status === '429') limited += stat.count ?? 0
    else if (Number(status) >= 400) count += stat.count ?? 0
  }
  return { count, limited }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const percent = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`

const dataDir = mkdtempSync(path.join(tmpdir(), 'blueround-soak-'))
const server = await startSoakServer({
  ...serverEnv(dataDir),
  BLUEROUND_ADMIN_PASSWORD: ADMIN.password,
})
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
  ]
  if (deviceId !== undefined)
    all.push([
      'telemetry',
      {
        method: 'POST',
        path: `/v1/devices/${deviceId}/telemetry`,
        headers: json,
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            metrics: { temperature: 21.5, humidity: 40 },
            recordedAt: new Date().toISOString(),
          }),
        }),
      },
    ])
  const mixed = all.filter(([name]) => mix.has(name)).map(([, request]) => request)
  const login: autocannon.Request = {
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', ...ADMIN }).toString(),
  }
  const run = (seconds: number, conns: number, requests: autocannon.Request[]) =>
    autocannon({ url: server.url, connections: conns, duration: seconds, requests, timeout: 10 })

  /** Every part of the mix at once, for `seconds`. */
  const load = (seconds: number) =>
    Promise.all([
      mixed.length > 0 ? run(seconds, connections, mixed) : undefined,
      mix.has('logins') ? run(seconds, 2, [login]) : undefined,
      mix.has('websocket')
        ? runWebSocketLoad(server.url, BENCH_API_KEY, sockets, seconds)
        : undefined,
    ])

  /** Idle for `settle` seconds, then the server's memory after two full collections. */
  const sample = async () => {
    await new Promise((resolve) => setTimeout(resolve, settle * 1000))
    return server.collectedMemory()
  }

  await load(warmup)
  const start = await sample()
  // Every 5 s, so a steady climb (a leak) can be told from a one-off step (heap sizing).
  const samples: number[] = []
  const sampler = setInterval(() => samples.push(server.rss()), 5_000)
  const [reads, logins, websocket] = await load(duration)
  clearInterval(sampler)
  const end = await sample()

  const readErrors = errorsOf(reads)
  const loginErrors = errorsOf(logins)
  const errors = readErrors.count + loginErrors.count + (websocket?.errors ?? 0)
  const growth = (end.rss - start.rss) / start.rss
  const heapGrowth = (end.heapUsed - start.heapUsed) / start.heapUsed
  const line = (label: string, r: autocannon.Result | undefined) =>
    r === undefined
      ? []
      : [
          `soak: ${label.padEnd(9)} ${r.requests.average.toFixed(1)} req/s, p99 ${r.latency.p99} ms, ${r.requests.total} requests ${JSON.stringify(statusCounts(r))}`,
        ]
  const wsLine = (ws: WebSocketLoad | undefined) =>
    ws === undefined
      ? []
      : [
          `soak: websocket ${ws.rate.toFixed(1)} msg/s, p99 ${ws.p99} ms, ${ws.messages} messages on ${sockets} sockets`,
        ]
  const lines = [
    `soak: ${duration} s after a ${warmup} s warm-up; mix ${[...mix].join(',')}${deviceId === undefined ? ' (no telemetry route)' : ''}`,
    ...line('mixed', reads),
    ...line('logins', logins),
    ...wsLine(websocket),
    `soak: errors ${errors} (429s ${readErrors.limited + loginErrors.limited}, not counted)`,
    `soak: RSS ${mb(start.rss)} at the start, ${mb(end.rss)} at the end (${percent(growth)}, limit +${MAX_GROWTH * 100} %), each after ${settle} s idle and a full GC`,
    `soak: live heap ${mb(start.heapUsed)} → ${mb(end.heapUsed)} (${percent(heapGrowth)}); heap reserved ${mb(start.heapTotal)} → ${mb(end.heapTotal)}`,
    `soak: RSS under load every 5 s (MB): ${samples.map((b) => (b / 1024 / 1024).toFixed(0)).join(' ')}`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  process.exitCode = errors === 0 && growth <= MAX_GROWTH ? 0 : 1
} finally {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
