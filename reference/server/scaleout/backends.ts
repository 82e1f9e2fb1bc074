/**
 * @module Opens the backends a node runs on, from its configuration: the embedded ones (SQLite,
 * in-memory cache, in-process event bus and connection counter) by default, PostgreSQL when
 * `DATABASE_URL` is set and Redis when `REDIS_URL` is set.
 *
 * What nodes share, and through what:
 *
 * | state                                   | where it lives                                  |
 * | --------------------------------------- | ----------------------------------------------- |
 * | users, organizations, API keys, jobs    | PostgreSQL                                      |
 * | token families (revocation, reuse)      | PostgreSQL: every request checks its family     |
 * | rate-limit windows                      | Redis (one Lua script per hit)                  |
 * | permission cache and its invalidation   | Redis (`DEL` on a role change reaches all)      |
 * | login session records                   | Redis (`session:<family id>`)                   |
 * | WebSocket connections per user          | Redis sets, with a heartbeat per node           |
 * | broadcast and channel fan-out           | Redis pub/sub                                   |
 * @see https://docs.blueround.com/reference-server/deployment/
 */
import type { AppConfig } from '../config/index.ts'
import { createEventBus, type EventBus } from '../events/index.ts'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../observability/logger.ts'
import {
  createMemoryConnectionCounter,
  type ConnectionCounter,
} from '../realtime/connection-counter.ts'
import type { Cache } from '../store/cache/cache.ts'
import { createMemoryCache } from '../store/cache/memory-cache.ts'
import { createSqliteStore, type Store } from '../store/index.ts'

export interface Backends {
  store: Store
  cache: Cache
  events: EventBus
  connections: ConnectionCounter
  /** For the banner and logs, e.g. `postgres + redis`. */
  describe: string
  /** Closes every connection this opened (not the store's data). */
  close(): Promise<void>
}

export interface OpenBackendsOptions {
  config: AppConfig
  clock: Clock
  logger?: Logger
  /** Test isolation: a PostgreSQL schema of its own (see `testing/test-app.ts`). */
  schema?: string
  /** Overrides `config.redisPrefix` (test isolation). */
  redisPrefix?: string
  /** Embedded mode: where the migrated empty schema is kept for new databases. */
  schemaTemplateDir?: string
}

/** A one-line error for start-up, naming the variable to fix. */
const unreachable = (variable: string, url: string, error: unknown) =>
  new Error(
    `Cannot reach ${variable} (${redact(url)}): ${(error as Error).message}. Fix: start the ` +
      `service, or correct ${variable}, or unset it to run embedded.`,
    { cause: error },
  )

/** Hides the password of a URL in messages. */
export const redact = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(invalid URL)'
  }
}

export const openBackends = async (options: OpenBackendsOptions): Promise<Backends> => {
  const { config, clock, logger } = options
  const closers: Array<() => Promise<unknown>> = []
  let store: Store
  if (config.databaseUrl === undefined) {
    store = createSqliteStore({
      path: config.databasePath,
      timeoutMs: config.dbTimeoutMs,
      ...(options.schemaTemplateDir === undefined
        ? {}
        : { schemaTemplateDir: options.schemaTemplateDir }),
    })
  } else {
    const url = config.databaseUrl
    // Loaded only in scale-out mode, so the embedded start-up does not pay for `pg` and `ioredis`.
    const { createPostgresStore } = await import('../store/postgres-store.ts')
    store = await createPostgresStore({
      url,
      replicaUrl: config.databaseReplicaUrl,
      timeoutMs: config.dbTimeoutMs,
      schema: options.schema,
      poolSize: config.dbPoolSize,
    }).catch((error: unknown) => {
      throw unreachable('DATABASE_URL', url, error)
    })
    await store.ping().catch(async (error: unknown) => {
      await store.close()
      throw unreachable('DATABASE_URL', url, error)
    })
  }
  closers.push(() => store.close())

  if (config.redisUrl === undefined) {
    return {
      store,
      cache: createMemoryCache(clock),
      events: createEventBus((error) => logger?.error({ err: error }, 'event listener failed')),
      connections: createMemoryConnectionCounter(),
      describe: `${store.dialect} + memory`,
      close: () => store.close(),
    }
  }
  const url = config.redisUrl
  const { openRedis } = await import('./redis-client.ts')
  const { createRedisCache } = await import('../store/cache/redis-cache.ts')
  const { createRedisConnectionCounter } = await import('./redis-connection-counter.ts')
  const { createRedisEventBus } = await import('./redis-event-bus.ts')
  const prefix = options.redisPrefix ?? config.redisPrefix
  const connect = (role: string) =>
    openRedis(url, `blueround-${config.nodeId}-${role}`).catch(async (error: unknown) => {
      for (const close of closers.reverse()) await close().catch(() => undefined)
      throw unreachable('REDIS_URL', url, error)
    })
  const redis = await connect('commands')
  closers.push(() => redis.quit())
  const subscriber = await connect('subscriber')
  closers.push(() => subscriber.quit())
  const events = createRedisEventBus({
    publisher: redis,
    subscriber,
    prefix,
    nodeId: config.nodeId,
    onError: (error) => logger?.error({ err: error }, 'event bus error'),
  })
  await events.ready
  const connections = createRedisConnectionCounter({ redis, prefix, nodeId: config.nodeId })
  return {
    store,
    cache: createRedisCache({ redis, clock, prefix }),
    events,
    connections,
    describe: `${store.dialect} + redis`,
    async close() {
      await connections.close()
      await events.close()
      for (const close of closers.reverse()) await close().catch(() => undefined)
    },
  }
}
