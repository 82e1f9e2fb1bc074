/**
 * @module Test harness: the real app from the real factory, over an in-memory SQLite store, an
 * in-memory cache and a fake clock, with log lines captured for assertions. With
 * `BLUEROUND_TEST_BACKEND=postgres` (`npm run test:unit:scaleout`) the same apps run on
 * PostgreSQL and Redis instead, each in a schema and key prefix of its own
 * (`scaleout-backend.ts`).
 *
 * For the whole-suite secrets-in-logs check, every captured log line, every credential the
 * harness holds or issues, and the secrets of every request to the app are recorded too
 * (`suite-capture.ts`, `suite-fetch.ts`).
 */
import { Writable } from 'node:stream'
import { createTestConfig, type AppConfig } from '../config/index.ts'
import { createApp } from '../create-app.ts'
import { createFakeClock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { createLogger } from '../observability/logger.ts'
import { createApiKeyService } from '../services/api-keys.ts'
import type { Mailer } from '../services/mailer.ts'
import type { Scope } from '../services/principal.ts'
import { createMemoryCache } from '../store/cache/memory-cache.ts'
import { openScaleoutTestBackend, testBackend } from './scaleout-backend.ts'
import { captureLogLine, captureSecret } from './suite-capture.ts'
import { watchAppFetch, type WatchedTraffic } from './suite-fetch.ts'
import {
  createSqliteStore,
  type Organization,
  type Store,
  type User,
  type UserRole,
} from '../store/index.ts'

export interface TestAppOptions {
  config?: Partial<AppConfig>
  fetch?: typeof fetch
  /** Wraps the store, e.g. to make one repository method throw. */
  wrapStore?: (store: Store) => Store
  /** Replaces the capturing mailer (whose messages `GET /_dev/mail` lists). */
  mailer?: Mailer
  /** What the secrets-in-logs capture takes from the app's traffic (`suite-fetch.ts`). */
  watchTraffic?: WatchedTraffic
}

/** A fixed start time: 2026-11-22T10:00:00Z. */
export const TEST_NOW = Date.parse('2026-11-22T10:00:00Z')

/** Creates an organization with one user and one API key, without scrypt (tests stay fast). */
export const createTenant = async (
  store: Store,
  clock: { now(): number },
  options: { name: string; role?: UserRole; scopes?: Scope[] },
) => {
  const slug = options.name.toLowerCase()
  const now = new Date(clock.now()).toISOString()
  const organization: Organization = await store.organizations.create({
    id: newId('org'),
    name: options.name,
    slug,
    status: 'active',
    created_at: now,
  })
  const user: User = await store.users.create({
    id: newId('usr'),
    organization_id: organization.id,
    email: `${options.role ?? 'admin'}@${slug}.test`,
    name: `${options.name} ${options.role ?? 'admin'}`,
    role: options.role ?? 'admin',
    password_hash: 'scrypt$test$not-a-real-hash',
    created_at: now,
  })
  const { row, key } = await createApiKeyService(store, clock).issue(
    { organizationId: organization.id, userId: user.id },
    { name: 'test key', scopes: options.scopes ?? ['read', 'write', 'admin'], expiresAt: null },
  )
  captureSecret('api-key', key, `createTenant ${options.name}`)
  return {
    organization,
    user,
    key,
    keyId: row.id,
    headers: { authorization: `Bearer ${key}` } as Record<string, string>,
  }
}

/**
 * A `debug` logger whose lines are kept for assertions (`logs`) and recorded for the whole-suite
 * secrets-in-logs check.
 */
export const createCapturedLogger = () => {
  const logs: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') {
          captureLogLine('app', line)
          logs.push(JSON.parse(line) as Record<string, unknown>)
        }
      done()
    },
  })
  return { logger: createLogger('debug', sink), logs }
}

/** Records the secrets that requests to an app built outside {@link createTestApp} carry. */
export const watchApp = <
  T extends { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> },
>(
  app: T,
): T => {
  app.fetch = watchAppFetch(app.fetch) as T['fetch']
  return app
}

export const createTestApp = async (options: TestAppOptions = {}) => {
  const clock = createFakeClock(TEST_NOW)
  const config = createTestConfig(options.config)
  const scaleout =
    testBackend() === 'postgres'
      ? await openScaleoutTestBackend(clock, config.dbTimeoutMs)
      : undefined
  const baseStore =
    scaleout?.store ?? createSqliteStore({ path: ':memory:', timeoutMs: config.dbTimeoutMs })
  await baseStore.migrate()
  const store = options.wrapStore === undefined ? baseStore : options.wrapStore(baseStore)
  const cache = scaleout?.cache ?? createMemoryCache(clock)
  const { logger, logs } = createCapturedLogger()
  const app = createApp({
    config,
    clock,
    store,
    cache,
    logger,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
    ...(scaleout === undefined
      ? {}
      : { events: scaleout.events, connections: scaleout.connections }),
  })
  app.fetch = watchAppFetch(app.fetch, options.watchTraffic)
  for (const key of [config.signingKey, ...config.previousSigningKeys])
    captureSecret('signing-key', key, 'test config')
  captureSecret('password', config.adminPassword, 'test config adminPassword')
  const acme = await createTenant(baseStore, clock, { name: 'Acme' })
  return { app, clock, config, store: baseStore, cache, logs, logger, acme }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** Parses a JSON response body with a loose type, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const body = async (response: Response): Promise<any> => response.json()
