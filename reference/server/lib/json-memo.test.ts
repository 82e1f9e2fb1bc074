import { describe, expect, it } from 'vitest'
import { createJsonMemo } from './json-memo.ts'

describe('createJsonMemo', () => {
  it('returns the same parsed value while the string is unchanged, and reparses when it changes', () => {
    const memo = createJsonMemo<{ n: number }>()
    const first = memo('k', '{"n":1}')
    expect(memo('k', '{"n":1}')).toBe(first)
    const changed = memo('k', '{"n":2}')
    expect(changed).toEqual({ n: 2 })
    expect(changed).not.toBe(first)
  })

  it('keeps keys apart and starts over when full', () => {
    const memo = createJsonMemo<number>(2)
    const a = memo('a', '1')
    memo('b', '2')
    expect(memo('a', '1')).toBe(a)
    memo('c', '3') // full: cleared, then c stored
    expect(memo('c', '3')).toBe(3)
    expect(memo('a', '1')).toBe(1)
  })
})
