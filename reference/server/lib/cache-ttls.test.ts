/**
 * The TTL table on /reference-server/caching/ is checked against `CACHE_TTL_MS`: every row names a
 * constant and quotes its value. Change the constant or the page, and this fails until they agree.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CACHE_TTL_MS } from './cache-ttls.ts'

const page = readFileSync(
  join(import.meta.dirname, '../../../docs/reference-server/caching.md'),
  'utf8',
)
const table = page.slice(page.indexOf('| Class')).split('\n')
const rows = table
  .slice(
    2,
    table.findIndex((line) => !line.startsWith('|')),
  )
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  )

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

/** `5 minutes` → 300000 */
const durationMs = (text: string): number => {
  const match = /^(\d+) (minute|hour|day)s?$/.exec(text)
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error(`Cannot read the duration "${text}"`)
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN)
}

describe('the TTL table in docs/reference-server/caching.md', () => {
  it('has one row for every CACHE_TTL_MS class', () => {
    expect(rows.map((row) => row[2])).toEqual(
      Object.keys(CACHE_TTL_MS).map((name) => `\`CACHE_TTL_MS.${name}\``),
    )
  })

  it.each(rows.map((row) => [row[2] ?? '', row[1] ?? '']))('%s is %s', (constant, ttl) => {
    const name = constant.replace(/^`CACHE_TTL_MS\.|`$/g, '') as keyof typeof CACHE_TTL_MS
    expect(durationMs(ttl)).toBe(CACHE_TTL_MS[name])
  })
})
