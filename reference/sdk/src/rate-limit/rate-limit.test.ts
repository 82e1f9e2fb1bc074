import { describe, expect, it } from 'vitest'
import { classify as serverClassify } from '../../../server/services/rate-limits.ts'
import { inProcessServer } from '../../testing/reference-server.ts'
import { classify } from './classify.ts'
import { RateLimitTracker } from './tracker.ts'

const headers = (remaining: number, reset: number) =>
  new Headers({ 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset) })

describe('RateLimitTracker', () => {
  it('sleeps Reset − now + 0.1 s when remaining is 0 and the reset is ahead', () => {
    const tracker = new RateLimitTracker(100)
    tracker.record('read', headers(0, 1_000))
    expect(tracker.delayBefore('read', 997_500)).toBe(2_600)
    expect(tracker.delayBefore('write', 997_500)).toBe(0) // per class
    expect(tracker.delayBefore('read', 1_000_000)).toBe(0) // reset passed
  })

  it('does not sleep while requests remain, and counts down for requests in flight', () => {
    const tracker = new RateLimitTracker(100)
    tracker.record('write', headers(2, 1_000))
    expect(tracker.delayBefore('write', 0)).toBe(0)
    tracker.onSend('write')
    tracker.onSend('write')
    expect(tracker.delayBefore('write', 0)).toBe(1_000_100)
  })

  it('ignores responses without the headers, and lets Retry-After override Reset', () => {
    const tracker = new RateLimitTracker(100)
    tracker.record('read', new Headers())
    expect(tracker.snapshot('read')).toBeUndefined()
    tracker.record('read', headers(0, 2_000))
    tracker.recordRetryAfter('read', 1_500_000)
    expect(tracker.delayBefore('read', 1_500_000)).toBe(0)
  })
})

describe('rate-limit classes', () => {
  it.each([
    ['GET', '/v1/me'],
    ['HEAD', '/v1/api-keys'],
    ['POST', '/v1/api-keys'],
    ['DELETE', '/v1/api-keys/key_1'],
    ['POST', '/oauth/token'],
    ['POST', '/v1/auth/login'],
    ['POST', '/v1/users/bulk'],
    ['POST', '/v1/users:bulk'],
    ['GET', '/v1/users/search'],
    ['GET', '/v1/api-keys?page=2'],
  ])('%s %s is counted in the same class as the server counts it', (method, path) => {
    expect(classify(method, path)).toBe(serverClassify(method, path.split('?')[0] ?? path))
  })
})

describe('proactive rate limiting against the reference server', () => {
  it('sleeps Reset − now + 0.1 s before the request after remaining reached 0, and meets no 429', async () => {
    const h = await inProcessServer()
    const client = h.client()
    // read: 100 requests per 100-second window; the implicit GET /v1/me is the first.
    for (let i = 0; i < 99; i += 1) await client.apiKeys.listPage()
    const statuses = h.flows.events
      .filter((e) => e.flow === 'sdk/rate-limit' && e.step === 'status')
      .map((e) => e.status)
    expect(statuses).toEqual(Array.from({ length: 100 }, () => 200))
    expect(h.time.sleeps).toEqual([])
    const state = client.rateLimits.snapshot('read')
    expect(state?.remaining).toBe(0)
    const expected = (state?.resetAt ?? 0) - h.time.now() + 100
    // All 100 were counted at the same fake instant, so the first slot frees 100 s later.
    expect(expected).toBe(100_100)
    await client.apiKeys.listPage()
    expect(h.time.sleeps).toEqual([expected])
    expect(h.flows.delays('proactiveSleep')).toEqual([expected])
    const run = h.flows.runs('sdk/rate-limit').at(-1)
    expect(h.flows.steps('sdk/rate-limit', run)).toEqual([
      'prepare',
      'classify',
      'readState',
      'noneLeft',
      'computeSleep',
      'proactiveSleep',
      'send',
      'status',
      'process',
    ])
  })

  it('a second worker sharing the API key meets the 429 safety net and waits exactly Retry-After', async () => {
    const h = await inProcessServer()
    const workerA = h.client()
    const workerB = h.client() // same key, its own rate-limit state (as another process would)
    for (let i = 0; i < 99; i += 1) await workerA.apiKeys.listPage()
    expect(workerB.rateLimits.snapshot('read')).toBeUndefined()
    const page = await workerB.apiKeys.listPage()
    expect(page.data.length).toBeGreaterThan(0)
    // The server said Retry-After: 100 (its read window); the SDK waited exactly that.
    expect(h.time.sleeps).toEqual([100_000])
    expect(h.flows.delays('sleepRetryAfter')).toEqual([100_000])
    const run = h.flows
      .runs('sdk/rate-limit')
      .find((r) => h.flows.steps('sdk/rate-limit', r).includes('readRetryAfter'))
    expect(h.flows.steps('sdk/rate-limit', run)).toEqual([
      'prepare',
      'classify',
      'readState',
      'noneLeft',
      'send',
      'status',
      'readRetryAfter',
      'retryAllowed',
      'sleepRetryAfter',
      'readState',
      'noneLeft',
      'send',
      'status',
      'process',
    ])
  })

  it('hands 5xx to the retry flow and checks the limit again before the retry', async () => {
    const h = await inProcessServer()
    const client = h.client()
    await client.initialize()
    await client.request({
      method: 'GET',
      path: '/v1/me',
      options: { headers: { 'x-fault-session': 'rl-5xx', 'x-fault-sequence': '503' } },
    })
    expect(h.flows.steps('sdk/rate-limit', h.flows.runs('sdk/rate-limit').at(-1))).toEqual([
      'prepare',
      'classify',
      'readState',
      'noneLeft',
      'send',
      'status',
      'handOff',
      'readState',
      'noneLeft',
      'send',
      'status',
      'process',
    ])
  })

  it('raises RateLimitError when a retry is not allowed', async () => {
    const h = await inProcessServer()
    const client = h.client({ maxRetries: 0 })
    await client.initialize()
    await expect(
      client.request({
        method: 'GET',
        path: '/v1/me',
        options: { headers: { 'x-fault-status': '429' } },
      }),
    ).rejects.toMatchObject({ name: 'RateLimitError' })
    expect(h.flows.steps('sdk/rate-limit').slice(-3)).toEqual([
      'readRetryAfter',
      'retryAllowed',
      'rateLimitError',
    ])
  })
})
