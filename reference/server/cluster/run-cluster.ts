/**
 * @module `npm run reference:cluster`: N reference-server nodes on one PostgreSQL and one Redis,
 * the local stand-in for seed 001's API nodes behind a load balancer.
 *
 * Settings (environment): `BLUEROUND_CLUSTER_NODES` (default 2), `BLUEROUND_CLUSTER_BASE_PORT`
 * (default 8801: nodes listen on 8801, 8802, …), `DATABASE_URL` (default this machine's
 * `postgres://postgres@127.0.0.1:5432/test`), `REDIS_URL` (default `redis://127.0.0.1:6379`),
 * `BLUEROUND_SIGNING_KEY` and `BLUEROUND_DEV_API_KEY` (generated once and shared by every node
 * when unset). Every other variable is passed on to the nodes. Ctrl-C stops them all.
 * @see https://docs.blueround.com/reference-server/deployment/
 */
import { randomBytes } from 'node:crypto'
import { clusterEnv, startNode, type ClusterNode } from './cluster-harness.ts'
import { launcherEnv } from './config/cluster-env.ts'

const env = launcherEnv()
const count = Number(env['BLUEROUND_CLUSTER_NODES'] ?? '2')
const basePort = Number(env['BLUEROUND_CLUSTER_BASE_PORT'] ?? '8801')
if (!Number.isInteger(count) || count < 1 || count > 32) {
  console.error('BLUEROUND_CLUSTER_NODES: expected 1 to 32. Fix: e.g. BLUEROUND_CLUSTER_NODES=2')
  process.exit(78)
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count > 65_535) {
  console.error('BLUEROUND_CLUSTER_BASE_PORT: expected a free TCP port such as 8801')
  process.exit(78)
}

const passed: Record<string, string> = {}
for (const [name, value] of Object.entries(env))
  if (value !== undefined && (name.startsWith('BLUEROUND_') || name === 'SMTP_URL'))
    passed[name] = value
const devApiKey =
  env['BLUEROUND_DEV_API_KEY'] ?? `brk_cluster0_${randomBytes(24).toString('base64url')}`
const shared = clusterEnv({
  databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  prefix: env['BLUEROUND_REDIS_PREFIX'] ?? 'blueround:',
  ...(env['BLUEROUND_SIGNING_KEY'] === undefined
    ? {}
    : { signingKey: env['BLUEROUND_SIGNING_KEY'] }),
  extra: {
    LOG_LEVEL: env['LOG_LEVEL'] ?? 'info',
    NODE_ENV: env['NODE_ENV'] ?? 'development',
    ...passed,
    BLUEROUND_DEV_API_KEY: devApiKey,
    ...(env['DATABASE_REPLICA_URL'] === undefined
      ? {}
      : { DATABASE_REPLICA_URL: env['DATABASE_REPLICA_URL'] }),
  },
})

const nodes: ClusterNode[] = []
let stopping = false
const stopAll = async (code: number) => {
  if (stopping) return
  stopping = true
  await Promise.all(nodes.map((node) => node.kill('SIGTERM')))
  process.exit(code)
}
process.on('SIGINT', () => void stopAll(0))
process.on('SIGTERM', () => void stopAll(0))

try {
  // The first node migrates and seeds; the others then start together.
  nodes.push(await startNode('node-1', shared, { port: basePort, inheritOutput: true }))
  nodes.push(
    ...(await Promise.all(
      Array.from({ length: count - 1 }, (_, i) =>
        startNode(`node-${i + 2}`, shared, { port: basePort + i + 1, inheritOutput: true }),
      ),
    )),
  )
} catch (error) {
  console.error(`Cluster start-up failed: ${(error as Error).message}`)
  await stopAll(1)
}

const lines = ['', `  BlueRound reference cluster: ${count} node(s) on PostgreSQL + Redis`]
for (const node of nodes) {
  const health = await fetch(`${node.url}/health`)
    .then((res) => res.json() as Promise<{ status: string }>)
    .catch(() => ({ status: 'unreachable' }))
  lines.push(`  ${node.id}: ${node.url}  (GET /health: ${health.status})`)
}
lines.push(
  `  Dev API key (every node): ${devApiKey}`,
  `  Try it: curl -H "Authorization: Bearer ${devApiKey}" ${nodes[0]?.url ?? ''}/v1/me`,
  '  Put a load balancer in front that checks GET /health (see the deployment page). Ctrl-C stops all.',
  '',
)
process.stdout.write(lines.join('\n'))
for (const node of nodes)
  void node.exited.then((code) => {
    if (stopping) return
    console.error(`${node.id} exited (${String(code)}); stopping the cluster.\n${node.output()}`)
    void stopAll(1)
  })
