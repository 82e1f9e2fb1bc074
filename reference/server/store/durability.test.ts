import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore, type Store } from './index.ts'

describe('SQLite durability settings (see store/node-sqlite-dialect.ts)', () => {
  let dir: string
  let store: Store
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a file store runs in WAL mode with synchronous = FULL on its own connection', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'blueround-store-'))
    store = createSqliteStore({ path: path.join(dir, 'db.sqlite') })
    await store.migrate()
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] ?? {})[0]
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('synchronous')).toBe(2) // 2 = FULL: every commit is fsynced
    expect(await pragma('foreign_keys')).toBe(1)
  })
})
