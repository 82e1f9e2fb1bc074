/**
 * @module The PostgreSQL store (`DATABASE_URL=postgres://…`): the same repositories and Kysely
 * migrations as SQLite, over a `pg` pool and Kysely's `PostgresDialect`. Several nodes share one
 * database; start-up migrations and dev seeding run under an advisory lock, one node at a time.
 * An optional replica (`DATABASE_REPLICA_URL`) serves reads that tolerate replication lag.
 */
import { createHash } from 'node:crypto'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { createStoreOver, type Store } from './index.ts'
import { createRawPool, translatePostgresError, wrapPool } from './postgres-pool.ts'
import type { Database } from './schema.ts'

export interface PostgresStoreOptions {
  /** `postgres://user:pass@host:5432/db` */
  url: string
  /** A read replica for lag-tolerant reads; defaults to the primary. */
  replicaUrl?: string | undefined
  /** `statement_timeout` in ms. @default 10_000 */
  timeoutMs?: number
  /**
   * Put every table in this schema (created when missing) by placing it first on the
   * `search_path`: the test harness gives each app its own.
   */
  schema?: string | undefined
  /** Pool size per node. @default 10 */
  poolSize?: number
  /** Idle pool connections close after this. @default 10_000 */
  idleMs?: number
}

/** Only plain lower-case identifiers are accepted as a schema name (it goes into a SET). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** A stable 64-bit advisory-lock id for a name. */
const lockId = (name: string): bigint =>
  createHash('sha256').update(`blueround:${name}`).digest().readBigInt64BE(0)

/** Creates `schema` if it does not exist, on a short-lived connection. */
export const ensureSchema = async (url: string, schema: string, timeoutMs = 10_000) => {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`)
  const pool = createRawPool({ url, timeoutMs, max: 1 })
  try {
    await pool.query(`create schema if not exists "${schema}"`).catch((error: unknown) => {
      throw translatePostgresError(error)
    })
  } finally {
    await pool.end()
  }
}

/** Drops a schema and everything in it (test clean-up). */
export const dropSchema = async (url: string, schema: string, timeoutMs = 10_000) => {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`)
  const pool = createRawPool({ url, timeoutMs, max: 1 })
  try {
    await pool.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await pool.end()
  }
}

/**
 * Opens the PostgreSQL store. Call {@link Store.migrate} before use (inside
 * {@link Store.exclusive} when several nodes may start at once).
 * @example
 * const store = await createPostgresStore({ url: 'postgres://postgres@127.0.0.1:5432/test' })
 */
export const createPostgresStore = async (options: PostgresStoreOptions): Promise<Store> => {
  const timeoutMs = options.timeoutMs ?? 10_000
  if (options.schema !== undefined) await ensureSchema(options.url, options.schema, timeoutMs)
  let down = false
  const isDown = () => down
  const base = {
    timeoutMs,
    schema: options.schema,
    max: options.poolSize ?? 10,
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: wrapPool(createRawPool({ ...base, url: options.url }), isDown),
    }),
  })
  const replica =
    options.replicaUrl === undefined
      ? undefined
      : new Kysely<Database>({
          dialect: new PostgresDialect({
            pool: wrapPool(createRawPool({ ...base, url: options.replicaUrl }), isDown),
          }),
        })
  return createStoreOver({
    dialect: 'postgres',
    db,
    migrationSchema: options.schema ?? 'public',
    ...(replica === undefined
      ? {}
      : {
          replica,
          pingReplica: async () => {
            await sql`select 1`.execute(replica)
          },
        }),
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: isDown,
    // A session-level advisory lock on one reserved connection; the work itself may use others.
    exclusive: (name, work) =>
      db.connection().execute(async (connection) => {
        const id = lockId(name).toString()
        await sql`select pg_advisory_lock(${id}::bigint)`.execute(connection)
        try {
          return await work()
        } finally {
          await sql`select pg_advisory_unlock(${id}::bigint)`.execute(connection)
        }
      }),
    async close() {
      await replica?.destroy()
      await db.destroy()
    },
  })
}
