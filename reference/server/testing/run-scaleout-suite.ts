/**
 * @module `npm run test:unit:scaleout`: the server contract suite again, on PostgreSQL + Redis,
 * plus the multi-node tests (`reference/server/cluster/`).
 *
 * It checks both services first. When either cannot be reached it reports the suite as skipped,
 * with the reason, and succeeds, unless `CI=true`: on CI the services must be there, so it fails.
 * Otherwise it creates a fresh database for the run (every test app then takes a schema of its
 * own in it), runs vitest with `BLUEROUND_TEST_BACKEND=postgres`, and drops the database and the
 * run's Redis keys afterwards.
 *
 * `DATABASE_URL` / `REDIS_URL` pick the servers; the defaults are this machine's
 * `postgres://postgres@127.0.0.1:5432/test` and `redis://127.0.0.1:6379`.
 */
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import pg from 'pg'
import { deleteKeys, openRedis } from '../scaleout/redis-client.ts'
import {
  fuzzRuns,
  inheritedEnv,
  onCi,
  testDatabaseUrl,
  testRedisUrl,
} from './config/scaleout-env.ts'

const REPORT = '.cache/test-results/unit-scaleout.json'
const databaseUrl = testDatabaseUrl()
const redisUrl = testRedisUrl()

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ])

/** Runs one statement on a short-lived connection. */
const adminQuery = async (url: string, statement: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Why the services cannot be used, or `undefined` when both answer. */
const unavailable = async (): Promise<string | undefined> => {
  try {
    await withTimeout(adminQuery(databaseUrl, 'select 1'), 4_000, 'PostgreSQL')
  } catch (error) {
    return `PostgreSQL at ${databaseUrl} is unreachable (${(error as Error).message})`
  }
  try {
    const redis = await withTimeout(openRedis(redisUrl, 'blueround-probe'), 4_000, 'Redis')
    await redis.quit()
  } catch (error) {
    return `Redis at ${redisUrl} is unreachable (${(error as Error).message})`
  }
  return undefined
}

const reason = await unavailable()
if (reason !== undefined) {
  if (onCi()) {
    console.error(`Scale-out suite: ${reason}. On CI (CI=true) PostgreSQL and Redis are required.`)
    process.exit(1)
  }
  console.log(
    `Scale-out suite SKIPPED: ${reason}.\n` +
      '  Start PostgreSQL and Redis (or set DATABASE_URL and REDIS_URL) to run the contract suite ' +
      'and the multi-node tests on them.',
  )
  await mkdir('.cache/test-results', { recursive: true })
  // One skipped entry, so the closing `tests:` line of `npm test` shows the skip.
  await writeFile(
    REPORT,
    JSON.stringify({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0 }),
  )
  process.exit(0)
}

// A database of its own for this run: parallel runs (or a crashed one) never collide.
const runId = `blueround_run_${Date.now().toString(36)}_${process.pid}`
await adminQuery(databaseUrl, `create database ${runId}`)
const runUrl = new URL(databaseUrl)
runUrl.pathname = `/${runId}`
const prefix = `bt:${runId}:`

const vitestArgs = process.argv.slice(2)
const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      ...(vitestArgs.length > 0 ? vitestArgs : ['reference/server']),
      // Its own JSON report (REPORT): unit.json belongs to the embedded run.
      '--config',
      'reference/server/testing/vitest.scaleout.config.ts',
    ],
    {
      stdio: 'inherit',
      env: {
        ...inheritedEnv(),
        BLUEROUND_TEST_BACKEND: 'postgres',
        DATABASE_URL: runUrl.toString(),
        REDIS_URL: redisUrl,
        BLUEROUND_TEST_REDIS_PREFIX: prefix,
        // The route fuzzer's 10,000 cases run in the embedded suite; here a sample checks
        // PostgreSQL's differences (e.g. U+0000 in text) without taking minutes.
        FUZZ_RUNS: fuzzRuns(),
      },
    },
  )
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal === null ? 1 : 1)))
})

await adminQuery(databaseUrl, `drop database if exists ${runId} with (force)`).catch(
  (error: unknown) => console.error(`Could not drop ${runId}: ${(error as Error).message}`),
)
const redis = await openRedis(redisUrl, 'blueround-cleanup')
await deleteKeys(redis, prefix)
await redis.quit()
process.exit(code)
