import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../options.ts'
import { backoffDelay } from './backoff.ts'
import { decideRetry, isReplayable, type RetryState } from './decide.ts'

const retry = DEFAULTS.retry
const state = (overrides: Partial<RetryState> = {}): RetryState => ({
  method: 'GET',
  idempotencyKey: false,
  retries: 0,
  canRefresh: false,
  refreshed: false,
  ...overrides,
})
const response = (status: number, retryAfter?: number) => ({
  kind: 'response' as const,
  status,
  retryAfter,
})
const mid = () => 0.5

describe('backoffDelay', () => {
  it('doubles from 1 s: 1 s, 2 s, 4 s, capped by backoffLimit', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, retry, mid))).toEqual([1000, 2000, 4000, 8000])
    expect(backoffDelay(10, retry, mid)).toBe(30_000)
  })

  it('spreads each delay by at most ±10 %', () => {
    for (let i = 0; i < 1000; i += 1) {
      const delay = backoffDelay(2, retry, Math.random)
      expect(delay).toBeGreaterThanOrEqual(1800)
      expect(delay).toBeLessThanOrEqual(2200)
    }
  })
})

describe('decideRetry', () => {
  it('returns 2xx', () => {
    expect(decideRetry(response(201), state(), retry, mid)).toEqual({ action: 'return' })
  })

  it('refreshes once on 401 with OAuth, and raises on API keys or a second 401', () => {
    expect(decideRetry(response(401), state({ canRefresh: true }), retry, mid)).toEqual({
      action: 'refresh',
    })
    expect(
      decideRetry(response(401), state({ canRefresh: true, refreshed: true }), retry, mid),
    ).toEqual({
      action: 'raise',
      reason: 'unauthorized',
    })
    expect(decideRetry(response(401), state(), retry, mid)).toMatchObject({
      reason: 'unauthorized',
    })
  })

  it('waits Retry-After on 429 within the budget, else raises', () => {
    expect(decideRetry(response(429, 2), state(), retry, mid)).toEqual({
      action: 'retry',
      wait: 'retry-after',
      delayMs: 2000,
    })
    expect(decideRetry(response(429), state(), retry, mid)).toMatchObject({ delayMs: 1000 })
    expect(decideRetry(response(429, 2), state({ retries: 3 }), retry, mid)).toMatchObject({
      reason: 'rate-limited',
    })
    expect(decideRetry(response(429, 121), state(), retry, mid)).toMatchObject({
      reason: 'rate-limited',
    })
  })

  it('retries 5xx, network errors and timeouts with back-off until maxRetries', () => {
    for (const outcome of [
      response(503),
      { kind: 'network' as const },
      { kind: 'timeout' as const },
    ]) {
      expect(decideRetry(outcome, state({ retries: 2 }), retry, mid)).toEqual({
        action: 'retry',
        wait: 'backoff',
        delayMs: 4000,
      })
      expect(decideRetry(outcome, state({ retries: 3 }), retry, mid)).toEqual({
        action: 'raise',
        reason: 'exhausted',
      })
    }
  })

  it('retries POST only with an Idempotency-Key; PATCH never', () => {
    expect(isReplayable('POST', true)).toBe(true)
    expect(isReplayable('POST', false)).toBe(false)
    expect(isReplayable('PATCH', true)).toBe(false)
    expect(isReplayable('DELETE', false)).toBe(true)
    expect(decideRetry(response(500), state({ method: 'POST' }), retry, mid)).toMatchObject({
      reason: 'not-replayable',
    })
  })

  it('rethrows an abort', () => {
    expect(decideRetry({ kind: 'aborted' }, state(), retry, mid)).toEqual({ action: 'rethrow' })
  })
})
