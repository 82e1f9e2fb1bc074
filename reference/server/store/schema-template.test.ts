import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { sql, type Migration } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore, type Store } from './index.ts'
import { migrations } from './migrations/index.ts'
import { copySchemaTemplate, schemaFingerprint, templateFile } from './schema-template.ts'
import { organizationRow } from '../testing/store-fixtures.ts'

const allMigrations = Object.keys(migrations).sort()
const fingerprint = schemaFingerprint(migrations)

const org = organizationRow

const dirs: string[] = []
const stores: Store[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'blueround-schema-template-'))
  dirs.push(dir)
  return dir
}

/** Opens a store that the test closes itself; `afterEach` closes it when an assertion failed. */
const open = (options: Parameters<typeof createSqliteStore>[0]): Store => {
  const store = createSqliteStore(options)
  stores.push(store)
  return store
}

const close = async (store: Store): Promise<void> => {
  stores.splice(stores.indexOf(store), 1)
  await store.close()
}

interface SchemaObject {
  type: string
  name: string
  sql: string | null
}

const schemaQuery = 'select type, name, sql from sqlite_master order by type, name'

/** Every schema object (tables, indexes, …) of a store's database. */
const storeSchema = async (store: Store): Promise<SchemaObject[]> =>
  (
    await sql<SchemaObject>`select type, name, sql from sqlite_master order by type, name`.execute(
      store.db,
    )
  ).rows.map(({ type, name, sql: text }) => ({ type, name, sql: text }))

/** Reads a closed database file with plain `node:sqlite`. */
const inspect = <T>(file: string, read: (db: DatabaseSync) => T): T => {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

const fileSchema = (file: string): SchemaObject[] =>
  inspect(file, (db) =>
    db
      .prepare(schemaQuery)
      .all()
      .map((row) => ({
        type: row.type as string,
        name: row.name as string,
        sql: row.sql as string | null,
      })),
  )

const tableNames = (schema: readonly SchemaObject[]): string[] =>
  schema.filter((o) => o.type === 'table').map((o) => o.name)

const rowCount = (file: string, table: string): number =>
  inspect(file, (db) => Number(db.prepare(`select count(*) as n from ${table}`).get()?.n))

const templates = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /^schema-.*\.sqlite$/.test(f)) : []

const partials = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.partial')) : []

/** Creates, migrates and closes a first database with a template dir; returns its schema. */
const firstDatabase = async (dir: string, templateDir: string): Promise<SchemaObject[]> => {
  const store = open({ path: path.join(dir, 'first.sqlite'), schemaTemplateDir: templateDir })
  expect(await store.migrate()).toEqual(allMigrations)
  const schema = await storeSchema(store)
  await close(store)
  return schema
}

describe('schema template: the first new database saves it', () => {
  it('migrates fully, then leaves exactly one complete, empty template and no partial file', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates', 'schema')
    const store = open({ path: path.join(dir, 'db.sqlite'), schemaTemplateDir: templateDir })
    expect(await store.migrate()).toEqual(allMigrations)
    const migrated = await storeSchema(store)
    await close(store)

    expect(templates(templateDir)).toEqual([path.basename(templateFile(templateDir, fingerprint))])
    expect(partials(templateDir)).toEqual([])
    expect(readdirSync(templateDir)).toHaveLength(1)

    const template = templateFile(templateDir, fingerprint)
    const saved = fileSchema(template)
    expect(tableNames(saved)).toEqual(tableNames(migrated))
    expect(tableNames(saved)).toEqual(
      expect.arrayContaining(['organizations', 'users', 'api_keys', 'kysely_migration']),
    )
    // Not only the tables: indexes and their DDL are the migrated database's too.
    expect(saved).toEqual(migrated)
    for (const table of ['organizations', 'users', 'api_keys', 'idempotency_keys'])
      expect(rowCount(template, table), table).toBe(0)
    // The template records every migration, which is what lets a copy take the fast path.
    expect(
      inspect(template, (db) =>
        db
          .prepare('select name from kysely_migration order by name')
          .all()
          .map((r) => r.name),
      ),
    ).toEqual(allMigrations)
  })

  it('does not carry seed data written after migrate() into the template', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const store = open({ path: path.join(dir, 'db.sqlite'), schemaTemplateDir: templateDir })
    await store.migrate()
    await store.organizations.create(org('org_seed', 'seeded'))
    await sql`insert into organizations (id, name, slug, status, created_at)
      values ('org_raw', 'raw', 'raw', 'active', '2026-01-01T00:00:00.000Z')`.execute(store.db)
    expect((await store.organizations.findBySlug('seeded'))?.id).toBe('org_seed')
    await close(store)

    const template = templateFile(templateDir, fingerprint)
    expect(rowCount(template, 'organizations')).toBe(0)
    expect(rowCount(path.join(dir, 'db.sqlite'), 'organizations')).toBe(2)

    // …nor into a database that later starts from the template.
    const next = open({ path: path.join(dir, 'next.sqlite'), schemaTemplateDir: templateDir })
    expect(await next.migrate()).toEqual([])
    expect(await next.organizations.findBySlug('seeded')).toBeUndefined()
    expect(await next.organizations.findById('org_raw')).toBeUndefined()
  })

  it('ignores a template of other migrations (another fingerprint) and saves its own', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    mkdirSync(templateDir)
    const stale = path.join(templateDir, 'schema-0000000000000000.sqlite')
    writeFileSync(stale, 'not a database')
    const store = open({ path: path.join(dir, 'db.sqlite'), schemaTemplateDir: templateDir })
    expect(await store.migrate()).toEqual(allMigrations)
    await close(store)
    expect(templates(templateDir).sort()).toEqual(
      [path.basename(stale), path.basename(templateFile(templateDir, fingerprint))].sort(),
    )
    expect(readFileSync(stale, 'utf8')).toBe('not a database')
  })
})

describe('schema template: later new databases start as a copy', () => {
  it('skips the migrator, has the same schema and works', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const firstSchema = await firstDatabase(dir, templateDir)
    const template = templateFile(templateDir, fingerprint)
    const before = statSync(template)

    const file = path.join(dir, 'nested', 'second.sqlite')
    const second = open({ path: file, schemaTemplateDir: templateDir })
    expect(await second.migrate()).toEqual([])
    expect(await storeSchema(second)).toEqual(firstSchema)
    expect(tableNames(await storeSchema(second))).toEqual(tableNames(firstSchema))

    await second.organizations.create(org('org_2', 'second'))
    expect(await second.organizations.findBySlug('second')).toMatchObject({
      id: 'org_2',
      status: 'active',
    })
    expect(await second.apiKeys.list('org_2', { offset: 0, limit: 5 })).toEqual({
      rows: [],
      total: 0,
    })
    await close(second)

    // The copy left the template alone (not rewritten, not replaced) and kept its data on reopen.
    const after = statSync(template)
    expect([after.ino, after.mtimeMs, after.size]).toEqual([
      before.ino,
      before.mtimeMs,
      before.size,
    ])
    expect(templates(templateDir)).toHaveLength(1)
    expect(rowCount(template, 'organizations')).toBe(0)
    const reopened = open({ path: file, schemaTemplateDir: templateDir })
    expect(await reopened.migrate()).toEqual([])
    expect((await reopened.organizations.findBySlug('second'))?.id).toBe('org_2')
  })
})

describe('schema template: only a database this store created is saved', () => {
  it('does not save a database that existed already (migrated without a template dir)', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const file = path.join(dir, 'db.sqlite')
    const plain = open({ path: file })
    expect(await plain.migrate()).toEqual(allMigrations)
    await plain.organizations.create(org('org_1', 'acme'))
    await close(plain)

    rmSync(templateDir, { recursive: true, force: true })
    const reopened = open({ path: file, schemaTemplateDir: templateDir })
    expect(await reopened.migrate()).toEqual([])
    expect((await reopened.organizations.findBySlug('acme'))?.id).toBe('org_1')
    await close(reopened)
    expect(templates(templateDir)).toEqual([])
    expect(existsSync(templateDir) ? readdirSync(templateDir) : []).toEqual([])
  })

  it('does not save an existing file that this open migrates from scratch, nor overwrite it with a template', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    // An existing, unmigrated file that already holds data of its own.
    const file = path.join(dir, 'db.sqlite')
    const raw = new DatabaseSync(file)
    raw.exec("create table notes (body text); insert into notes values ('keep me')")
    raw.close()

    const store = open({ path: file, schemaTemplateDir: templateDir })
    expect(await store.migrate()).toEqual(allMigrations)
    await close(store)
    expect(templates(templateDir)).toEqual([])
    expect(existsSync(templateDir) ? readdirSync(templateDir) : []).toEqual([])
    expect(inspect(file, (db) => db.prepare('select body from notes').all())).toEqual([
      { body: 'keep me' },
    ])

    // With a template present, an existing file is still opened as it is, never replaced.
    await firstDatabase(dir, templateDir)
    expect(templates(templateDir)).toHaveLength(1)
    const again = open({ path: file, schemaTemplateDir: templateDir })
    expect(await again.migrate()).toEqual([])
    expect((await sql<{ body: string }>`select body from notes`.execute(again.db)).rows).toEqual([
      { body: 'keep me' },
    ])
  })
})

describe('schema template: without a template dir', () => {
  it('writes nothing but the database file', async () => {
    const dir = tempDir()
    const tmpBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('schema-'))
    const store = open({ path: path.join(dir, 'db.sqlite') })
    expect(await store.migrate()).toEqual(allMigrations)
    await store.organizations.create(org('org_1', 'acme'))
    await close(store)
    expect(readdirSync(dir)).toEqual(['db.sqlite'])
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('schema-'))).toEqual(tmpBefore)
    expect(
      existsSync(path.join(process.cwd(), path.basename(templateFile('.', fingerprint)))),
    ).toBe(false)
  })

  it('never touches the template dir for a :memory: store', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const store = open({ path: ':memory:', schemaTemplateDir: templateDir })
    expect(await store.migrate()).toEqual(allMigrations)
    await store.organizations.create(org('org_1', 'acme'))
    await close(store)
    expect(existsSync(templateDir)).toBe(false)

    // Nor reads it: a template there is not used by (or copied into) a :memory: store.
    await firstDatabase(dir, templateDir)
    const listing = readdirSync(templateDir)
    const memory = open({ path: ':memory:', schemaTemplateDir: templateDir })
    expect(await memory.migrate()).toEqual(allMigrations)
    expect(await memory.organizations.findBySlug('acme')).toBeUndefined()
    await close(memory)
    expect(readdirSync(templateDir)).toEqual(listing)
    expect(readdirSync(dir).sort()).toEqual(['first.sqlite', 'templates'])
  })
})

describe('schemaFingerprint', () => {
  it('is stable for the same migrations, and a short hex digest', () => {
    expect(schemaFingerprint(migrations)).toBe(fingerprint)
    expect(schemaFingerprint({ ...migrations })).toBe(fingerprint)
    // Insertion order does not matter: the names are sorted.
    expect(schemaFingerprint(Object.fromEntries(Object.entries(migrations).reverse()))).toBe(
      fingerprint,
    )
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/)
  })

  it("changes when a migration's code changes", () => {
    const [name, original] = Object.entries(migrations)[0] as [string, Migration]
    const wrapped: Migration = {
      up: async (db) => {
        await original.up(db)
      },
    }
    const changed = schemaFingerprint({ ...migrations, [name]: wrapped })
    expect(changed).not.toBe(fingerprint)
    expect(changed).toMatch(/^[0-9a-f]{16}$/)
  })

  it("changes when a migration's name changes, or one is added or removed", () => {
    const entries = Object.entries(migrations)
    const [name, migration] = entries[0] as [string, Migration]
    const renamed = Object.fromEntries(
      entries.map(([key, value]) => [key === name ? `${name}-renamed` : key, value]),
    )
    expect(schemaFingerprint(renamed)).not.toBe(fingerprint)
    expect(schemaFingerprint({ ...migrations, '9999-extra': migration })).not.toBe(fingerprint)
    expect(schemaFingerprint(Object.fromEntries(entries.slice(1)))).not.toBe(fingerprint)
  })

  it('names the template after it', () => {
    expect(templateFile('/some/dir', 'abc')).toBe(path.join('/some/dir', 'schema-abc.sqlite'))
  })
})

describe('copySchemaTemplate', () => {
  it('copies the template to a missing database file', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    await firstDatabase(dir, templateDir)
    const target = path.join(dir, 'copy.sqlite')
    expect(copySchemaTemplate(target, templateDir, fingerprint)).toBe(true)
    expect(readFileSync(target).equals(readFileSync(templateFile(templateDir, fingerprint)))).toBe(
      true,
    )
  })

  it('returns false and leaves the file alone when the target exists', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    await firstDatabase(dir, templateDir)
    const target = path.join(dir, 'existing.sqlite')
    writeFileSync(target, 'existing content')
    expect(copySchemaTemplate(target, templateDir, fingerprint)).toBe(false)
    expect(readFileSync(target, 'utf8')).toBe('existing content')
  })

  it('returns false and creates nothing when there is no template', () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const target = path.join(dir, 'db.sqlite')
    expect(copySchemaTemplate(target, templateDir, fingerprint)).toBe(false)
    expect(existsSync(target)).toBe(false)
    expect(existsSync(templateDir)).toBe(false)

    // A template of other migrations is not one.
    mkdirSync(templateDir)
    writeFileSync(templateFile(templateDir, 'other'), 'other template')
    expect(copySchemaTemplate(target, templateDir, fingerprint)).toBe(false)
    expect(existsSync(target)).toBe(false)
  })
})

describe('schema template: two new databases migrating at once in one process', () => {
  it('leave no partial file, and any template they leave is complete', async () => {
    const dir = tempDir()
    const templateDir = path.join(dir, 'templates')
    const a = open({ path: path.join(dir, 'a.sqlite'), schemaTemplateDir: templateDir })
    const b = open({ path: path.join(dir, 'b.sqlite'), schemaTemplateDir: templateDir })
    const [appliedA, appliedB] = await Promise.all([a.migrate(), b.migrate()])
    expect(appliedA).toEqual(allMigrations)
    expect(appliedB).toEqual(allMigrations)
    const schema = await storeSchema(a)
    await close(a)
    await close(b)
    expect(partials(templateDir)).toEqual([])
    for (const template of templates(templateDir))
      expect(fileSchema(path.join(templateDir, template))).toEqual(schema)
  })
})
