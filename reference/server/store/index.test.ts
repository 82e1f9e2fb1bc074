import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseError } from '../errors/database-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import { createSqliteStore } from './index.ts'
import { translateSqliteError } from './node-sqlite-dialect.ts'
import { organizationRow } from '../testing/store-fixtures.ts'

const org = organizationRow

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('SQLite store over node:sqlite', () => {
  it('migrates once and keeps data in the file across reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blueround-store-'))
    dirs.push(dir)
    const file = path.join(dir, 'nested', 'db.sqlite')
    const first = createSqliteStore({ path: file })
    expect(await first.migrate()).toEqual(
      expect.arrayContaining(['0001-initial', '0002-jobs', '0003-auth']),
    )
    await first.organizations.create(org('org_1', 'acme'))
    await first.close()
    const second = createSqliteStore({ path: file })
    expect(await second.migrate()).toEqual([])
    expect((await second.organizations.findBySlug('acme'))?.id).toBe('org_1')
    await second.close()
  })

  it('reports unique violations as DatabaseError(unique_violation), without driver text', async () => {
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    await store.organizations.create(org('org_1', 'acme'))
    const error = await store.organizations.create(org('org_2', 'acme')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseError)
    expect((error as DatabaseError).failure).toBe('unique_violation')
    expect((error as DatabaseError).message).toBe('Database error occurred')
  })

  it('fails every query during a simulated outage, and pings again afterwards', async () => {
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    store.setSimulatedOutage(true)
    await expect(store.ping()).rejects.toMatchObject({ failure: 'unavailable' })
    store.setSimulatedOutage(false)
    await expect(store.ping()).resolves.toBeUndefined()
  })

  it('counts and pages rows through Kysely', async () => {
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    await store.organizations.create(org('org_1', 'acme'))
    const page = await store.apiKeys.list('org_1', { offset: 0, limit: 5 })
    expect(page).toEqual({ rows: [], total: 0 })
  })

  it('owns the file: a second store on it gives up after the timeout with a clear error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blueround-lock-'))
    dirs.push(dir)
    const file = path.join(dir, 'db.sqlite')
    const owner = createSqliteStore({ path: file })
    await owner.migrate()
    const started = performance.now()
    expect(() => createSqliteStore({ path: file, timeoutMs: 50 })).toThrow(
      /Cannot lock the database file .*another process \(another reference server\?\) has it open/,
    )
    expect(performance.now() - started).toBeGreaterThanOrEqual(45)
    await owner.close()
    const next = createSqliteStore({ path: file, timeoutMs: 50 })
    await expect(next.migrate()).resolves.toEqual([])
    await next.close()
  })

  it('translates SQLITE_BUSY and SQLITE_LOCKED to TimeoutError and the rest to DatabaseError', () => {
    expect(translateSqliteError({ errcode: 5 })).toBeInstanceOf(TimeoutError)
    expect(translateSqliteError({ errcode: 261 })).toBeInstanceOf(TimeoutError)
    expect(translateSqliteError({ errcode: 1 })).toMatchObject({ failure: 'other' })
  })
})
