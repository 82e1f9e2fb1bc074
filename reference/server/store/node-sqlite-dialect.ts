/**
 * @module Kysely over `node:sqlite`.
 *
 * Kysely ships dialects for better-sqlite3 and others, but none for Node's built-in
 * `node:sqlite` (`DatabaseSync`), and native addons are off the table here (they would build
 * against the wrong Node headers). Kysely's own `SqliteDialect` only needs an object shaped like
 * better-sqlite3's `Database`, so this adapter supplies that shape over `DatabaseSync`:
 * it spreads parameter arrays, converts booleans, caches prepared statements, builds result rows
 * (see {@link rowFactory}) and turns driver failures into dialect-neutral {@link DatabaseError}s,
 * so SQL stays portable to PostgreSQL.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'
import {
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely'
import { DatabaseError } from '../errors/database-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import { hasNul, nulRefused } from './nul-text.ts'

/** SQLite extended result codes this adapter distinguishes. */
const SQLITE_BUSY = 5
const SQLITE_LOCKED = 6
const SQLITE_CONSTRAINT_UNIQUE = 2067
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555

const toSqlite = (parameters: ReadonlyArray<unknown>): SQLInputValue[] =>
  parameters.map((p) => {
    if (typeof p === 'boolean') return p ? 1 : 0
    if (p instanceof Date) return p.toISOString()
    if (p === undefined) return null
    return p as SQLInputValue
  })

type Row = Record<string, unknown>

/**
 * Builds one result row from the values `node:sqlite` returns in arrays mode, as an object literal
 * compiled once per statement; `undefined` when a column name cannot be a literal key.
 *
 * Written here because `node:sqlite` has no cheaper row shape to offer: in its default mode it
 * builds every row object in C++, looking each column name up in V8's string table and creating a
 * fresh hidden class per row. For the product read (13 columns) that was about a third of the
 * statement's cost on the hot path (`npm run bench:server`). A literal gets one hidden class, shared
 * by every row of the statement. Rows are ordinary objects with the same own properties in
 * column order; a repeated column name keeps its last value, as before.
 */
export const rowFactory = (names: readonly string[]): ((values: unknown[]) => Row) | undefined => {
  // `"__proto__": v` in a literal would set the prototype instead of creating a property.
  if (names.includes('__proto__')) return undefined
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ')
  // The names come from SQLite's result columns and are quoted by JSON.stringify.
  return new Function('values', `return { ${fields} }`) as (values: unknown[]) => Row
}

function* mapRows(rows: Iterable<unknown>, toRow: (values: unknown[]) => Row): Generator<Row> {
  for (const values of rows) yield toRow(values as unknown[])
}

/** Maps a `node:sqlite` error to the store's error vocabulary. */
export const translateSqliteError = (error: unknown): Error => {
  const errcode = (error as { errcode?: unknown }).errcode
  if (errcode === SQLITE_CONSTRAINT_UNIQUE || errcode === SQLITE_CONSTRAINT_PRIMARYKEY)
    return new DatabaseError('unique_violation', { cause: error })
  if (
    typeof errcode === 'number' &&
    ((errcode & 0xff) === SQLITE_BUSY || (errcode & 0xff) === SQLITE_LOCKED)
  )
    return new TimeoutError('Database query timed out', { cause: error })
  return new DatabaseError('other', { cause: error })
}

export interface NodeSqliteOptions {
  /** `:memory:` or a file path. */
  path: string
  /**
   * How long to wait for a lock before giving up (SQLite's busy timeout), surfacing as
   * 504 TIMEOUT. The server holds the file exclusively, so in practice only opening a file that
   * another process holds waits; the PostgreSQL adapter maps the same setting to
   * `statement_timeout`.
   */
  timeoutMs: number
  /** Consulted before every statement; `true` simulates an outage (fault injection). */
  isDown?: () => boolean
}

/** Wraps `DatabaseSync` in the better-sqlite3 shape Kysely's `SqliteDialect` expects. */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly raw: DatabaseSync
  readonly #statements = new Map<
    string,
    { statement: StatementSync; reader: boolean; toRow: ((values: unknown[]) => Row) | undefined }
  >()
  readonly #isDown: () => boolean

  constructor(options: NodeSqliteOptions) {
    this.raw = new DatabaseSync(options.path, {
      timeout: options.timeoutMs,
      enableForeignKeyConstraints: true,
    })
    this.#isDown = options.isDown ?? (() => false)
    if (options.path !== ':memory:') {
      // One process owns the file: an exclusive lock taken once saves two fcntl() lock calls per
      // query (a measurable share of a request's cost), and WAL then needs no shared memory.
      // The lock is taken by the first statement; waiting for it is cut at `timeoutMs`.
      try {
        this.raw.exec('PRAGMA locking_mode = EXCLUSIVE')
        this.raw.exec('PRAGMA journal_mode = WAL')
        // Durability: WAL appends each commit to the log and never rewrites committed pages in
        // place, so a crash (even kill -9 mid-write) leaves the last committed state; `FULL`
        // also fsyncs the log at every commit, so a commit the API has acknowledged survives a
        // power loss too. `NORMAL` would survive process crashes but could lose the last commits
        // on power loss. FULL is also SQLite's compiled default; it is set here so that it is
        // explicit and checked (crash/crash-durability.test.ts).
        this.raw.exec('PRAGMA synchronous = FULL')
      } catch (error) {
        this.raw.close()
        throw new Error(
          `Cannot lock the database file ${options.path}: another process (another reference ` +
            'server?) has it open. Stop that process or set BLUEROUND_DATA_DIR to another directory.',
          { cause: error },
        )
      }
    }
  }

  close(): void {
    this.#statements.clear()
    if (this.raw.isOpen) this.raw.close()
  }

  prepare(sql: string): SqliteStatement {
    if (this.#isDown()) throw new DatabaseError('unavailable')
    let cached = this.#statements.get(sql)
    if (cached === undefined) {
      try {
        const statement = this.raw.prepare(sql)
        const columns = statement.columns()
        const toRow = columns.length > 0 ? rowFactory(columns.map((c) => c.name)) : undefined
        if (toRow !== undefined) statement.setReturnArrays(true)
        cached = { statement, reader: columns.length > 0, toRow }
      } catch (error) {
        throw translateSqliteError(error)
      }
      // Prepared statements are reused: queries built by Kysely repeat the same SQL text.
      if (this.#statements.size > 500) this.#statements.clear()
      this.#statements.set(sql, cached)
    }
    const { statement: s, toRow } = cached
    return {
      reader: cached.reader,
      all: (parameters) => {
        if (hasNul(parameters)) throw nulRefused()
        try {
          const rows = s.all(...toSqlite(parameters))
          return toRow === undefined ? rows : (rows as unknown as unknown[][]).map(toRow)
        } catch (error) {
          throw translateSqliteError(error)
        }
      },
      run: (parameters) => {
        if (hasNul(parameters)) throw nulRefused()
        try {
          return s.run(...toSqlite(parameters))
        } catch (error) {
          throw translateSqliteError(error)
        }
      },
      iterate: (parameters) => {
        if (hasNul(parameters)) throw nulRefused()
        try {
          const rows = s.iterate(...toSqlite(parameters)) as IterableIterator<unknown>
          return toRow === undefined ? rows : mapRows(rows, toRow)
        } catch (error) {
          throw translateSqliteError(error)
        }
      },
    }
  }
}

/**
 * SQLite's adapter, with transactional DDL: SQLite runs `CREATE TABLE` and friends inside a
 * transaction like any other statement, so Kysely's migrator can apply all pending migrations in
 * one transaction. A first start then commits (and, with `synchronous = FULL`, syncs) once
 * instead of once per statement, and a failed migration leaves no half-made schema.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class NodeSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

/** A Kysely dialect for `node:sqlite`. */
export const createNodeSqliteDialect = (database: NodeSqliteDatabase): SqliteDialect =>
  new NodeSqliteDialect({ database })
