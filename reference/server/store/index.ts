/**
 * @module The store: one repository layer over Kysely. SQLite (`node:sqlite`) is the embedded
 * default; the scale-out issue adds PostgreSQL behind the same {@link Store} interface.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { Kysely, Migrator, sql } from 'kysely'
import { migrationProvider } from './migrations/index.ts'
import { NodeSqliteDatabase, createNodeSqliteDialect } from './node-sqlite-dialect.ts'
import { createApiKeyRepository, type ApiKeyRepository } from './repositories/api-keys.ts'
import {
  createIdempotencyRepository,
  type IdempotencyRepository,
} from './repositories/idempotency.ts'
import {
  createOrganizationRepository,
  type OrganizationRepository,
} from './repositories/organizations.ts'
import { createUserRepository, type UserRepository } from './repositories/users.ts'
import type { Database } from './schema.ts'

export type * from './schema.ts'
export type { ApiKeyCredential } from './repositories/api-keys.ts'

export interface Store {
  readonly dialect: 'sqlite' | 'postgres'
  readonly db: Kysely<Database>
  readonly organizations: OrganizationRepository
  readonly users: UserRepository
  readonly apiKeys: ApiKeyRepository
  readonly idempotency: IdempotencyRepository
  /** Applies pending migrations; returns their names. */
  migrate(): Promise<string[]>
  /** A trivial round trip (`SELECT 1`), for `/health`. */
  ping(): Promise<void>
  /** Fault injection: while `true`, every query fails with `DATABASE_ERROR`. */
  setSimulatedOutage(down: boolean): void
  isSimulatedOutage(): boolean
  close(): Promise<void>
}

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. The parent directory is created when missing. */
  path: string
  /** @default 10_000 */
  timeoutMs?: number
}

/** Opens the embedded SQLite store. Call {@link Store.migrate} before use. */
export const createSqliteStore = (options: SqliteStoreOptions): Store => {
  if (options.path !== ':memory:') mkdirSync(path.dirname(options.path), { recursive: true })
  let down = false
  const database = new NodeSqliteDatabase({
    path: options.path,
    timeoutMs: options.timeoutMs ?? 10_000,
    isDown: () => down,
  })
  const db = new Kysely<Database>({ dialect: createNodeSqliteDialect(database) })
  return {
    dialect: 'sqlite',
    db,
    organizations: createOrganizationRepository(db),
    users: createUserRepository(db),
    apiKeys: createApiKeyRepository(db),
    idempotency: createIdempotencyRepository(db),
    async migrate() {
      const migrator = new Migrator({ db, provider: migrationProvider })
      const { error, results } = await migrator.migrateToLatest()
      if (error !== undefined) throw error
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: () => down,
    close: () => db.destroy(),
  }
}
