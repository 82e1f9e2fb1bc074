import { describe, expect, it } from 'vitest'
import { NodeSqliteDatabase, rowFactory } from './node-sqlite-dialect.ts'

const open = () => {
  const db = new NodeSqliteDatabase({ path: ':memory:', timeoutMs: 1000 })
  db.raw.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, note TEXT, blob BLOB)`)
  db.raw.exec(`INSERT INTO t VALUES ('a', 1, NULL, x'0102'), ('b', 2, 'two', NULL)`)
  return db
}

describe('node:sqlite rows', () => {
  it('reads rows as objects with the columns in order and their SQLite values', () => {
    const db = open()
    const rows = db.prepare('SELECT * FROM t ORDER BY id').all([]) as Record<string, unknown>[]
    expect(rows).toHaveLength(2)
    expect(Object.keys(rows[0]!)).toEqual(['id', 'n', 'note', 'blob'])
    expect(rows[0]).toEqual({ id: 'a', n: 1, note: null, blob: new Uint8Array([1, 2]) })
    expect(rows[1]).toEqual({ id: 'b', n: 2, note: 'two', blob: null })
    db.close()
  })

  it('binds parameters and reads the same statement again with new values', () => {
    const db = open()
    const statement = db.prepare('SELECT id, n AS count FROM t WHERE id = ?')
    expect(statement.all(['a'])).toEqual([{ id: 'a', count: 1 }])
    expect(db.prepare('SELECT id, n AS count FROM t WHERE id = ?').all(['b'])).toEqual([
      { id: 'b', count: 2 },
    ])
    expect(statement.all(['missing'])).toEqual([])
    db.close()
  })

  it('keeps the last value of a repeated column name, as node:sqlite does', () => {
    const db = open()
    const raw = db.raw.prepare(`SELECT 1 AS x, 2 AS x`).all()
    expect(db.prepare(`SELECT 1 AS x, 2 AS x`).all([])).toEqual([{ ...raw[0] }])
    expect(db.prepare(`SELECT 1 AS x, 2 AS x`).all([])).toEqual([{ x: 2 }])
    db.close()
  })

  it('makes a column named __proto__ an own property, never the prototype', () => {
    const db = open()
    const [row] = db.prepare(`SELECT 'p' AS "__proto__", 1 AS y`).all([]) as object[]
    expect(Object.hasOwn(row!, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p')
    expect(rowFactory(['__proto__'])).toBeUndefined()
    db.close()
  })

  it('quotes column names, so a name cannot inject code into the row builder', () => {
    const toRow = rowFactory(['a"b', "c'}); throw new Error('x'); ({", 'd\\'])!
    expect(toRow([1, 2, 3])).toEqual({ 'a"b': 1, "c'}); throw new Error('x'); ({": 2, 'd\\': 3 })
  })

  it('iterates rows as objects', () => {
    const db = open()
    const rows = [...db.prepare('SELECT id, n FROM t ORDER BY id').iterate([])]
    expect(rows).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ])
    db.close()
  })

  it('runs writes and reports their changes', () => {
    const db = open()
    const result = db.prepare('UPDATE t SET n = n + 1 WHERE id = ?').run(['a'])
    expect(result.changes).toBe(1)
    expect(db.prepare('SELECT n FROM t WHERE id = ?').all(['a'])).toEqual([{ n: 2 }])
    db.close()
  })
})
