/**
 * @module `npm run bench:server -- --scaleout`: throughput of the scale-out mode next to the
 * embedded mode and bare Hono, all measured in the same run, with the same load:
 *
 * 1. embedded: one node on SQLite and in-memory state;
 * 2. PostgreSQL + Redis: one node (`DATABASE_URL`, `REDIS_URL`; a fresh database for the run);
 * 3. two nodes on the same PostgreSQL + Redis, each taking half the connections at once
 *    (their req/s summed), which is what a load balancer in front of them would see;
 * 4. bare Hono returning the same JSON body.
 *
 * Each gets a discarded warm-up pass, then `--rounds` passes (median reported). Options:
 * `--duration <s>` (default 5), `--rounds <n>` (default 1), `--connections <n>` (default 50),
 * `--path <p>` (default `/v1/me`). The machine's PostgreSQL and Redis are used unless
 * `DATABASE_URL` / `REDIS_URL` say otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import {
  clusterEnv,
  createFreshDatabase,
  startNode,
  type ClusterNode,
} from '../server/cluster/cluster-harness.ts'
import { deleteKeys, openRedis } from '../server/scaleout/redis-client.ts'
import { BENCH_API_KEY, serverEnv } from './config/bench-env.ts'
import { benchDatabaseUrl, benchRedisUrl } from './config/scaleout-env.ts'

const { values } = parseArgs({
  options: {
    scaleout: { type: 'boolean', default: true },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    path: { type: 'string', default: '/v1/me' },
    rounds: { type: 'string', default: '1' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const headers = { authorization: `Bearer ${BENCH_API_KEY}` }

interface Run {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/** Loads every URL at once, the connections split evenly; req/s summed, latency worst. */
const load = async (urls: string[], withAuth: boolean): Promise<Run> => {
  const each = Math.max(1, Math.floor(connections / urls.length))
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({ url, connections: each, duration, headers: withAuth ? headers : {} }),
    ),
  )
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  }
}

const measure = async (urls: string[], withAuth = true): Promise<Run> => {
  await load(urls, withAuth) // warm-up, discarded
  const runs: Run[] = []
  for (let i = 0; i < rounds; i += 1) runs.push(await load(urls, withAuth))
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)] ?? runs[0]!
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'blueround-bench-scaleout-'))
const database = await createFreshDatabase(benchDatabaseUrl(), 'bench')
const prefix = `bench:${path.basename(dataDir)}:`
const started: ClusterNode[] = []
const start = async (...args: Parameters<typeof startNode>) => {
  const node = await startNode(...args)
  started.push(node)
  return node
}
try {
  const base = serverEnv(path.join(dataDir, 'embedded')) as Record<string, string>
  const embedded = await start('embedded', base)
  const probe = await fetch(`${embedded.url}${values.path}`, { headers })
  if (probe.status !== 200) throw new Error(`probe answered ${probe.status}: ${await probe.text()}`)
  const bodyFile = path.join(dataDir, 'body.json')
  writeFileSync(bodyFile, await probe.text())

  const shared = clusterEnv({
    databaseUrl: database.url,
    redisUrl: benchRedisUrl(),
    prefix,
    extra: { ...base, BLUEROUND_DATA_DIR: path.join(dataDir, 'scaleout') },
  })
  const a = await start('scaleout-a', shared)
  const b = await start('scaleout-b', shared)
  const bare = await start(
    'bare',
    {},
    {
      script: path.resolve(import.meta.dirname, 'bare-server.ts'),
      args: [bodyFile],
    },
  )

  const target = (node: ClusterNode) => `${node.url}${values.path}`
  const results: Array<[string, Run]> = [
    ['embedded (SQLite + memory), 1 node', await measure([target(embedded)])],
    ['PostgreSQL + Redis, 1 node', await measure([target(a)])],
    ['PostgreSQL + Redis, 2 nodes (summed)', await measure([target(a), target(b)])],
    ['bare Hono, same JSON', await measure([target(bare)], false)],
  ]
  const row = ([name, r]: [string, Run]) =>
    `${name.padEnd(40)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(3)} ms   ` +
    `p99 ${String(r.p99).padStart(3)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`
  process.stdout.write(
    [
      `BlueRound scale-out benchmark: GET ${values.path}, ${connections} connections, ${duration} s ` +
        `per pass, ${rounds} round(s) after a warm-up, loopback, one machine`,
      ...results.map(row),
      "All processes share this machine's CPUs with PostgreSQL and Redis: two nodes here show " +
        'the coordination cost, not the scaling of separate hosts.',
      '',
    ].join('\n'),
  )
} finally {
  await Promise.all(started.map((node) => node.kill('SIGTERM')))
  await database.drop()
  const redis = await openRedis(benchRedisUrl(), 'blueround-bench-cleanup')
  await deleteKeys(redis, prefix)
  await redis.quit()
  rmSync(dataDir, { recursive: true, force: true })
}
