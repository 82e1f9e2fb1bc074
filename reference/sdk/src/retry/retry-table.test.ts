/**
 * The retry table on /sdk/retries-and-errors/ is checked against the SDK's own retry decision:
 * every row is read from the page and each claim (retryable, how often, how long it waits) is
 * asked of `decideRetry`. Change the code or the page, and this fails until they agree.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../options.ts'
import { decideRetry, type AttemptOutcome, type RetryState } from './decide.ts'

const page = readFileSync(
  join(import.meta.dirname, '../../../../docs/sdk/retries-and-errors.md'),
  'utf8',
)
const header = '| Status'
const tableLines = page
  .slice(page.indexOf(header))
  .split('\n')
  .filter((line, i, all) => line.startsWith('|') && all.slice(0, i).every((l) => l.startsWith('|')))
const rows = tableLines.slice(2).map((line) => {
  const [status = '', retryable = '', wait = '', notes = ''] = line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim())
  return { status, retryable, wait, notes }
})

const retry = DEFAULTS.retry
const base: RetryState = {
  method: 'GET',
  idempotencyKey: false,
  retries: 0,
  canRefresh: true,
  refreshed: false,
}

/** The attempt outcomes a row's status stands for. */
const outcomesOf = (status: string): AttemptOutcome[] => {
  const response = (s: number): AttemptOutcome => ({ kind: 'response', status: s, retryAfter: 2 })
  if (status === '2xx') return [200, 201, 204].map(response)
  if (status === '5xx') return [500, 502, 503, 504].map(response)
  if (status === 'Network error or timeout') return [{ kind: 'network' }, { kind: 'timeout' }]
  if (/^\d{3}$/.test(status)) return [response(Number(status))]
  throw new Error(`Unknown status row "${status}" in the retry table`)
}

describe('the retry table in docs/sdk/retries-and-errors.md', () => {
  it('has the columns of seed 000 and a row for every kind of outcome', () => {
    expect(
      tableLines[0]
        ?.split('|')
        .map((c) => c.trim())
        .filter(Boolean),
    ).toEqual(['Status', 'Retryable?', 'Wait strategy', 'Notes'])
    expect(rows.map((r) => r.status)).toEqual([
      '2xx',
      '400',
      '401',
      '403',
      '404',
      '409',
      '422',
      '429',
      '5xx',
      'Network error or timeout',
    ])
  })

  it.each(rows.map((r) => [r.status, r]))('%s: the SDK does what the row says', (_, row) => {
    for (const outcome of outcomesOf(row.status)) {
      const decide = (state: Partial<RetryState> = {}, random = () => 0.5) =>
        decideRetry(outcome, { ...base, ...state }, retry, random)
      const retryable = row.retryable
      if (retryable === 'N/A') {
        expect(row.wait).toBe('None')
        expect(decide()).toEqual({ action: 'return' })
      } else if (retryable === 'No') {
        expect(row.wait).toBe('None')
        expect(decide()).toMatchObject({ action: 'raise' })
        expect(decide({ canRefresh: false })).toMatchObject({ action: 'raise' })
      } else if (retryable === 'Yes (once)') {
        expect(row.wait).toBe('Token refresh')
        expect(decide()).toEqual({ action: 'refresh' })
        expect(decide({ refreshed: true })).toMatchObject({ action: 'raise' })
        expect(decide({ canRefresh: false })).toMatchObject({ action: 'raise' }) // API keys
      } else {
        const limit = Number(/^Yes \(up to (\d+)\)$/.exec(retryable)?.[1])
        expect(limit).toBe(retry.limit)
        for (let retries = 0; retries < limit; retries += 1)
          expect(decide({ retries })).toMatchObject({ action: 'retry' })
        expect(decide({ retries: limit })).toMatchObject({ action: 'raise' })
        if (row.wait === 'Retry-After header') {
          expect(decide()).toEqual({ action: 'retry', wait: 'retry-after', delayMs: 2000 })
        } else {
          expect(row.wait).toBe('Exponential + jitter')
          expect(row.notes).toContain('1 s → 2 s → 4 s, each ±10 %')
          const delays = (random: () => number) =>
            [0, 1, 2].map((retries) => (decide({ retries }, random) as { delayMs: number }).delayMs)
          expect(delays(() => 0.5)).toEqual([1000, 2000, 4000])
          expect(delays(() => 0)).toEqual([900, 1800, 3600])
          expect(delays(() => 0.999_999)).toEqual([1100, 2200, 4400])
        }
      }
    }
  })
})
