/**
 * @module `npm run bench:server`: the reference server's hot path against bare Hono, plus start-up.
 *
 * 1. Start-up: spawns `main.ts` as `npm run reference` does (same Node flags and environment)
 *    several times (a new data directory: the database from the schema template, seed and scrypt
 *    included; then warm restarts) and reports the time to listening, as printed by the server
 *    (`performance.now()` since process start) and as seen from outside (spawn to banner).
 * 2. Throughput: autocannon against `GET /v1/products/{id}` with the dev API key, for a product
 *    the bench creates first: metrics timer, request ID, timeout, version check, rate limit (bench
 *    profile), authentication (the API key from the credential cache after its first lookup),
 *    tenancy, fault-injection check, permission, param validation, the handler's SQLite read (the
 *    product and its stock, by primary key within the organization), envelope. Every request
 *    reads the database. `--path /v1/me` measures the pipeline without a query of its own.
 * 3. The same with a bare Hono handler returning the same JSON body, in its own process with the
 *    same Node flags.
 * 4. On Linux, each server process's CPU time per request (user and kernel, from `/proc`), which,
 *    unlike req/s, does not depend on how busy the load generator is (see process-cpu.ts).
 *
 * Loopback only; bounded time: 2 x (rounds + 1) x duration plus the start-ups, about 50 s. Options:
 * `--duration <s>` per run (default 5), `--rounds <n>` (default 3), `--connections <n>`
 * (default 50), `--path <p>` (default: the product read), `--startups <n>` (default 5).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { buildServerBundle } from '../server/bundle/build-bundle.ts'
import { checkBundle } from '../server/bundle/server-bundle.ts'
import { SERVER_NODE_FLAGS } from '../server/config/server-process-env.ts'
import { BENCH_API_KEY, bareEnv, serverEnv } from './config/bench-env.ts'
import { cpuPerRequest, processCpu } from './process-cpu.ts'

const here = import.meta.dirname
const MAIN = path.resolve(here, '../server/main.ts')
const BARE = path.resolve(here, 'bare-server.ts')

// `--scaleout`: PostgreSQL + Redis, one and two nodes, next to embedded and bare Hono (own file).
if (process.argv.includes('--scaleout')) {
  await import('./scaleout.ts')
  process.exit(0)
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    path: { type: 'string' },
    startups: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const startups = Number(values.startups)
const rounds = Number(values.rounds)

interface Started {
  child: ChildProcess
  url: string
  /** The server's own figure: listening time since its process started. */
  reportedMs: number | undefined
  /** Spawn to banner, from outside (includes Node's own boot). */
  wallMs: number
}

const startProcess = (script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Started> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${script} did not start within 15 s:\n${output}`))
    }, 15_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)(?: in (\d+) ms)?/.exec(output)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      resolve({
        child,
        url: match[1],
        reportedMs: match[2] === undefined ? undefined : Number(match[2]),
        wallMs: performance.now() - t0,
      })
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
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const load = async (url: string, headers: Record<string, string>, pid?: number) => {
  const before = processCpu(pid)
  const result = await autocannon({ url, connections, duration, headers, pipelining: 1 })
  return {
    cpu: cpuPerRequest(before, processCpu(pid), result.requests.total),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

/** Creates the product the default run reads; returns its path. */
const createBenchProduct = async (
  url: string,
  headers: Record<string, string>,
): Promise<string> => {
  const res = await fetch(`${url}/v1/products`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench bolt M8 x 40',
      sku: 'BENCH-M8-40',
      barcode: '4006381333931',
    }),
  })
  const body = (await res.json()) as { data?: { id?: string } }
  if (res.status !== 201 || body.data?.id === undefined)
    throw new Error(`creating the bench product answered ${res.status}: ${JSON.stringify(body)}`)
  return `/v1/products/${body.data.id}`
}

// What `npm run reference` runs: the one-file bundle (built here when missing or stale).
if ('stale' in checkBundle()) await buildServerBundle()
const dataDir = mkdtempSync(path.join(tmpdir(), 'blueround-bench-'))
try {
  // 1. Start-up. The first run after a build or an edit of `main.ts` fills Node's compile cache
  // (type-stripped `main.ts`; the build already warmed the bundle's code) and, after a change to
  // the migrations, the schema template (store/schema-template.ts), as the first
  // `npm run reference` after a change does; it is shown on its own and not counted below.
  const filling = await startProcess(MAIN, [], serverEnv(path.join(dataDir, 'filling')))
  await stop(filling.child)
  const cold: Started[] = []
  const warm: Started[] = []
  for (let i = 0; i < startups; i += 1) {
    const dir = path.join(dataDir, `cold-${i}`)
    const s = await startProcess(MAIN, [], serverEnv(dir))
    cold.push(s)
    await stop(s.child)
    const w = await startProcess(MAIN, [], serverEnv(dir))
    warm.push(w)
    await stop(w.child)
  }
  const fig = (xs: Started[]) =>
    `server-reported median ${median(xs.map((s) => s.reportedMs ?? Number.NaN)).toFixed(0)} ms ` +
    `(max ${Math.max(...xs.map((s) => s.reportedMs ?? Number.NaN)).toFixed(0)}), ` +
    `spawn-to-banner median ${median(xs.map((s) => s.wallMs)).toFixed(0)} ms`

  // 2 and 3. Both servers stay up; rounds alternate between them, so a burst of load from other
  // processes on the machine skews both sides alike. Each side gets a discarded warm-up pass.
  const server = await startProcess(MAIN, [], serverEnv(path.join(dataDir, 'run')))
  const headers = { authorization: `Bearer ${BENCH_API_KEY}` }
  const benchPath = values.path ?? (await createBenchProduct(server.url, headers))
  const target = `${server.url}${benchPath}`
  const probe = await fetch(target, { headers })
  if (probe.status !== 200) throw new Error(`probe answered ${probe.status}: ${await probe.text()}`)
  const sample = await probe.text()
  const bodyFile = path.join(dataDir, 'body.json')
  writeFileSync(bodyFile, sample)
  const bare = await startProcess(BARE, [bodyFile], bareEnv())
  const bareTarget = `${bare.url}${benchPath}`
  await load(target, headers)
  await load(bareTarget, {})
  const pipelineRuns: Awaited<ReturnType<typeof load>>[] = []
  const bareRuns: Awaited<ReturnType<typeof load>>[] = []
  for (let round = 0; round < rounds; round += 1) {
    pipelineRuns.push(await load(target, headers, server.child.pid))
    bareRuns.push(await load(bareTarget, {}, bare.child.pid))
  }
  await stop(server.child)
  await stop(bare.child)
  const medianRun = (runs: Awaited<ReturnType<typeof load>>[]) => {
    const sorted = [...runs].sort((a, b) => a.rps - b.rps)
    return sorted[Math.floor(sorted.length / 2)] ?? runs[0]!
  }
  const pipeline = medianRun(pipelineRuns)
  const baseline = medianRun(bareRuns)
  const ratios = pipelineRuns.map((r, i) => r.rps / (bareRuns[i]?.rps ?? Number.NaN))

  const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(3)} ms   ` +
    `p99 ${String(r.p99).padStart(3)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`
  const ratio = median(ratios)
  // The server's own CPU per request (Linux), median over the rounds: load-independent, unlike
  // req/s (see process-cpu.ts).
  const cpuRow = (name: string, runs: Awaited<ReturnType<typeof load>>[]) => {
    const user = median(runs.map((r) => r.cpu?.userUs ?? Number.NaN))
    const system = median(runs.map((r) => r.cpu?.systemUs ?? Number.NaN))
    return Number.isNaN(user + system)
      ? `${name.padEnd(44)} CPU per request: n/a (needs Linux /proc)`
      : `${name.padEnd(44)} CPU per request ${(user + system).toFixed(0).padStart(4)} µs ` +
          `(user ${user.toFixed(0)} µs, kernel ${system.toFixed(0)} µs)`
  }
  const lines = [
    `BlueRound reference server benchmark (${connections} connections, ${duration} s each, loopback)`,
    `Start-up, run filling the caches:      server-reported ${filling.reportedMs ?? '?'} ms (not counted)`,
    `Start-up, first start (new data dir):   ${fig(cold)}`,
    `Start-up, restart:                      ${fig(warm)}`,
    row(`pipeline GET ${benchPath.replace(/prd_[\w-]+/, '{id}')} (median)`, pipeline),
    row('bare Hono, same JSON (median)', baseline),
    cpuRow('pipeline, server process', pipelineRuns),
    cpuRow('bare Hono, server process', bareRuns),
    `Ratio pipeline / bare: median ${ratio.toFixed(2)} over ${rounds} alternating rounds ` +
      `(${ratios.map((r) => r.toFixed(2)).join(', ')}; goal >= 0.50)`,
    // The median, not the worst: single starts on a shared 2-core machine vary by +-40 ms.
    `Start-up goal <= 300 ms: ${median(cold.map((s) => s.reportedMs ?? Infinity)) <= 300 ? 'met' : 'NOT met'} (median server-reported first start: new database and seed included)`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
