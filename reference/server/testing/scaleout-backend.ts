/**
 * @module The PostgreSQL + Redis backend of the test harness. `BLUEROUND_TEST_BACKEND=postgres`
 * (set by `npm run test:unit:scaleout`) makes every `createTestApp()` run on PostgreSQL and Redis
 * instead of SQLite and memory, each app isolated: a fresh PostgreSQL schema (first on its
 * `search_path`) and a Redis key prefix of its own. The apps of a test file are closed, their
 * schemas dropped and their keys deleted after the file.
 *
 * `DATABASE_URL` and `REDIS_URL` pick the servers (default: this machine's
 * `postgres://postgres@127.0.0.1:5432/test` and `redis://127.0.0.1:6379`).
 */
import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
import type { Clock } from '../lib/clock.ts'
import { createRedisConnectionCounter } from '../scaleout/redis-connection-counter.ts'
import { deleteKeys, openRedis } from '../scaleout/redis-client.ts'
import { createRedisEventBus } from '../scaleout/redis-event-bus.ts'
import { createRedisCache } from '../store/cache/redis-cache.ts'
import type { Store } from '../store/index.ts'
import { createPostgresStore, dropSchema } from '../store/postgres-store.ts'
import {
  testBackend,
  testDatabaseUrl,
  testRedisPrefix,
  testRedisUrl,
} from './config/scaleout-env.ts'
export { deleteKeys } from '../scaleout/redis-client.ts'

export {
  DEFAULT_TEST_DATABASE_URL,
  DEFAULT_TEST_REDIS_URL,
  testBackend,
  testDatabaseUrl,
  testRedisUrl,
} from './config/scaleout-env.ts'

const cleanups: Array<() => Promise<void>> = []

// Registered while the test file is collected (this module is imported at its top level).
if (testBackend() === 'postgres') {
  try {
    afterAll(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined)
    })
  } catch {
    // Imported outside a test file's collection: the run's own database is dropped at the end.
  }
}

/** Opens an isolated PostgreSQL schema and Redis prefix for one test app. */
export const openScaleoutTestBackend = async (clock: Clock, dbTimeoutMs: number) => {
  const id = `t_${randomBytes(6).toString('hex')}`
  const url = testDatabaseUrl()
  const store: Store = await createPostgresStore({
    url,
    schema: id,
    timeoutMs: dbTimeoutMs,
    poolSize: 4,
    idleMs: 500,
  })
  const prefix = `${testRedisPrefix()}${id}:`
  const redis = await openRedis(testRedisUrl(), `blueround-test-${id}`)
  const subscriber = await openRedis(testRedisUrl(), `blueround-test-${id}-sub`)
  const nodeId = `test-${id}`
  const events = createRedisEventBus({ publisher: redis, subscriber, prefix, nodeId })
  await events.ready
  const connections = createRedisConnectionCounter({ redis, prefix, nodeId })
  cleanups.push(async () => {
    await connections.close()
    await events.close()
    await deleteKeys(redis, prefix)
    await store.close()
    await dropSchema(url, id)
    await subscriber.quit()
    await redis.quit()
  })
  return { store, cache: createRedisCache({ redis, clock, prefix }), events, connections }
}
