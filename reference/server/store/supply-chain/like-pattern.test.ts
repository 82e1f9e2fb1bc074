import { describe, expect, it } from 'vitest'
import { createSqliteStore } from '../index.ts'
import { containsIgnoringCase, escapeLike } from './like-pattern.ts'
import { supplyChainDb } from './schema.ts'

describe('containsIgnoringCase', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now')
    expect(escapeLike("O'Brien; --")).toBe("O'Brien; --")
  })

  it('binds the text as a parameter: the SQL text never contains it', () => {
    const store = createSqliteStore({ path: ':memory:' })
    const compiled = supplyChainDb(store.db)
      .selectFrom('products')
      .select('id')
      .where(containsIgnoringCase('name', "50%' OR '1'='1"))
      .compile()
    expect(compiled.sql).toBe(
      'select "id" from "products" where lower("name") like lower(?) escape ?',
    )
    expect(compiled.parameters).toEqual(["%50\\%' OR '1'='1%", '\\'])
  })
})
