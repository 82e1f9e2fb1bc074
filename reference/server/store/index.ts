/**
 * @module The store: one repository layer over Kysely. SQLite (`node:sqlite`) is the embedded
 * default; `DATABASE_URL=postgres://…` selects PostgreSQL (`postgres-store.ts`) behind the same
 * {@link Store} interface, repositories and migrations.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { Kysely, Migrator, sql } from 'kysely'
import { migrationProvider, migrations } from './migrations/index.ts'
import { copySchemaTemplate, saveSchemaTemplate, schemaFingerprint } from './schema-template.ts'
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
  /**
   * Runs `work` while holding a lock shared by every node on the same database (PostgreSQL: an
   * advisory lock), so that concurrent start-ups migrate and seed one at a time. One process owns
   * an SQLite file, so there it simply runs `work`.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>
  /**
   * Reads that tolerate replication lag (see the deployment page); the primary when no
   * `DATABASE_REPLICA_URL` is configured.
   */
  readonly replica: Kysely<Database>
  /** Pings the replica, when one is configured. */
  pingReplica?: () => Promise<void>
  close(): Promise<void>
}

/** The parts of a store that differ per dialect. */
export interface StoreDriver {
  dialect: Store['dialect']
  db: Kysely<Database>
  replica?: Kysely<Database>
  pingReplica?: () => Promise<void>
  setSimulatedOutage(down: boolean): void
  isSimulatedOutage(): boolean
  exclusive?: Store['exclusive']
  /**
   * PostgreSQL: the schema of Kysely's migration tables. It must be named: the migrator looks
   * for its tables in every schema, and would find another schema's.
   */
  migrationSchema?: string
  /** Called with the migrations a `migrate()` applied (SQLite: saves the schema template). */
  afterMigrate?(applied: readonly string[]): Promise<void>
  close(): Promise<void>
}

/** Whether SQLite's migration table already lists every migration, in order. */
const allApplied = async (db: Kysely<Database>): Promise<boolean> => {
  const known = Object.keys(await migrationProvider.getMigrations()).sort()
  try {
    const { rows } = await sql<{
      name: string
    }>`select name from kysely_migration order by name`.execute(db)
    return rows.length === known.length && rows.every((row, i) => row.name === known[i])
  } catch {
    return false // no migration table yet: a first start
  }
}

/** The repository layer over a Kysely instance of either dialect. */
export const createStoreOver = (driver: StoreDriver): Store => {
  const { db } = driver
  return {
    dialect: driver.dialect,
    db,
    replica: driver.replica ?? db,
    ...(driver.pingReplica === undefined ? {} : { pingReplica: driver.pingReplica }),
    organizations: createOrganizationRepository(db),
    users: createUserRepository(db),
    apiKeys: createApiKeyRepository(db),
    idempotency: createIdempotencyRepository(db),
    async migrate() {
      // Fast path for a restart: one query instead of the migrator's schema introspection
      // (which reads every table's columns and was a visible share of start-up).
      if (driver.dialect === 'sqlite' && (await allApplied(db))) return []
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(driver.migrationSchema === undefined
          ? {}
          : { migrationTableSchema: driver.migrationSchema }),
      })
      const { error, results } = await migrator.migrateToLatest()
      if (error !== undefined) throw error
      const applied = (results ?? [])
        .filter((r) => r.status === 'Success')
        .map((r) => r.migrationName)
      await driver.afterMigrate?.(applied)
      return applied
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    setSimulatedOutage: (value) => driver.setSimulatedOutage(value),
    isSimulatedOutage: () => driver.isSimulatedOutage(),
    exclusive: driver.exclusive ?? ((_name, work) => work()),
    close: () => driver.close(),
  }
}

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. The parent directory is created when missing. */
  path: string
  /** @default 10_000 */
  timeoutMs?: number
  /**
   * Where a migrated, empty database is kept as a template for new database files (see
   * `schema-template.ts`); without it every new database is migrated from scratch.
   */
  schemaTemplateDir?: string
}

/** Opens the embedded SQLite store. Call {@link Store.migrate} before use. */
export const createSqliteStore = (options: SqliteStoreOptions): Store => {
  const file = options.path === ':memory:' ? undefined : options.path
  if (file !== undefined) mkdirSync(path.dirname(file), { recursive: true })
  const templateDir = file === undefined ? undefined : options.schemaTemplateDir
  const fingerprint = templateDir === undefined ? '' : schemaFingerprint(migrations)
  // Only a file this process creates may become the template (it holds no data yet).
  const created = file !== undefined && !existsSync(file)
  const copied =
    created && templateDir !== undefined && copySchemaTemplate(file, templateDir, fingerprint)
  let down = false
  const database = new NodeSqliteDatabase({
    path: options.path,
    timeoutMs: options.timeoutMs ?? 10_000,
    isDown: () => down,
  })
  const db = new Kysely<Database>({ dialect: createNodeSqliteDialect(database) })
  return createStoreOver({
    dialect: 'sqlite',
    db,
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: () => down,
    async afterMigrate(applied) {
      if (created && !copied && templateDir !== undefined && applied.length > 0)
        await saveSchemaTemplate(db, templateDir, fingerprint)
    },
    close: () => db.destroy(),
  })
}
