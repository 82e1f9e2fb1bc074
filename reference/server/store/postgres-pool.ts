/**
 * @module A `pg` pool shaped for Kysely's `PostgresDialect`, speaking the store's error
 * vocabulary: driver failures become dialect-neutral {@link DatabaseError}s (or
 * {@link TimeoutError} for `statement_timeout`), exactly as the SQLite adapter does, so services
 * never see driver text or SQLSTATE codes.
 */
import pg from 'pg'
import type { PostgresPool, PostgresPoolClient } from 'kysely'
import { DatabaseError } from '../errors/database-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import { hasNul, nulRefused } from './nul-text.ts'

/** SQLSTATE codes this adapter distinguishes. */
const UNIQUE_VIOLATION = '23505'
const QUERY_CANCELED = '57014'
/** Class 08 (connection exception) and 57P (operator intervention: shutdown, crash). */
const UNAVAILABLE = /^(?:08|57P)/
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE'])

/** Maps a `pg` error to the store's error vocabulary. */
export const translatePostgresError = (error: unknown): Error => {
  if (error instanceof DatabaseError || error instanceof TimeoutError) return error
  const code = String((error as { code?: unknown } | undefined)?.code ?? '')
  if (code === UNIQUE_VIOLATION) return new DatabaseError('unique_violation', { cause: error })
  if (code === QUERY_CANCELED) return new TimeoutError('Database query timed out', { cause: error })
  if (UNAVAILABLE.test(code) || NETWORK.has(code))
    return new DatabaseError('unavailable', { cause: error })
  if (error instanceof Error && /timeout|terminated|Connection/i.test(error.message))
    return new DatabaseError('unavailable', { cause: error })
  return new DatabaseError('other', { cause: error })
}

/** `count(*)` is a bigint (OID 20) that `pg` returns as a string; counts here fit in a double. */
const INT8_OID = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
}

export interface PostgresPoolOptions {
  /** `postgres://user:pass@host:5432/db` */
  url: string
  /** Becomes the session's `statement_timeout` (504 TIMEOUT when exceeded). */
  timeoutMs: number
  /** A schema to put first on the `search_path` (test isolation). */
  schema?: string | undefined
  /** @default 10 */
  max?: number
  /** Idle connections close after this. @default 10_000 */
  idleMs?: number
  /** Consulted before every query; `true` simulates an outage (fault injection). */
  isDown?: () => boolean
}

/** The raw `pg` pool with the options above applied. */
export const createRawPool = (options: PostgresPoolOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleMs ?? 10_000,
    statement_timeout: options.timeoutMs,
    connectionTimeoutMillis: Math.min(options.timeoutMs, 10_000),
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  })
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  return pool
}

/** Wraps a pool so that every query checks the simulated outage and translates failures. */
export const wrapPool = (pool: pg.Pool, isDown: () => boolean = () => false): PostgresPool => ({
  async connect(): Promise<PostgresPoolClient> {
    if (isDown()) throw new DatabaseError('unavailable')
    const client = await pool.connect().catch((error: unknown) => {
      throw translatePostgresError(error)
    })
    return {
      query: ((sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never)
        if (isDown()) return Promise.reject(new DatabaseError('unavailable'))
        if (hasNul(parameters)) return Promise.reject(nulRefused())
        return client
          .query(sqlOrCursor, parameters as unknown[])
          .catch((error: unknown) => Promise.reject(translatePostgresError(error)))
      }) as PostgresPoolClient['query'],
      release: () => client.release(),
    }
  },
  end: () => pool.end(),
})
