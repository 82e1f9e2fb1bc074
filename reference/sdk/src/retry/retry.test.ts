import { describe, expect, it } from 'vitest'
import { inProcessServer } from '../../testing/reference-server.ts'
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedcoreAPIError,
  ValidationError,
} from '../errors/index.ts'

/** Headers that script the reference server's answers across the retries of one call. */
const sequence = (session: string, statuses: string) => ({
  headers: { 'x-fault-session': session, 'x-fault-sequence': statuses },
})

describe('retries against the reference server (fault injection)', () => {
  it('retries 503 then 500 then answers: three attempts, waits of 1 s and 2 s', async () => {
    const h = await inProcessServer()
    const client = h.client()
    await client.initialize()
    const me = await client.request({
      method: 'GET',
      path: '/v1/me',
      options: sequence('five-oh-three', '503,500,200'),
    })
    expect(me.response.status).toBe(200)
    expect(me.attempts).toBe(3)
    expect(h.time.sleeps).toEqual([1000, 2000])
    const run = h.flows.runs('sdk/error-retry').at(-1)
    expect(h.flows.steps('sdk/error-retry', run)).toEqual([
      'start',
      'prepare',
      'send',
      'outcome',
      'replayable',
      'retriesLeft',
      'backoff',
      'nextAttempt',
      'send',
      'outcome',
      'replayable',
      'retriesLeft',
      'backoff',
      'nextAttempt',
      'send',
      'outcome',
      'success',
    ])
    expect(h.flows.steps('sdk/error-recovery')).toEqual(['A retry succeeds'])
  })

  it.each([
    [0, [900, 1800]],
    [0.999_999, [1100, 2200]],
  ])('keeps the jitter within ±10 %% (random %f)', async (random, expected) => {
    const h = await inProcessServer()
    const client = h.client({ random: () => random })
    await client.initialize()
    await client.request({
      method: 'GET',
      path: '/v1/me',
      options: sequence('jitter', '503,500,200'),
    })
    expect(h.time.sleeps).toEqual(expected)
  })

  it('raises RedcoreAPIError(status 500) with code, request ID and 4 attempts when retries run out', async () => {
    const h = await inProcessServer()
    const client = h.client()
    await client.initialize()
    const error = await client
      .request({ method: 'GET', path: '/v1/me', options: sequence('exhaust', '503,500,500,500') })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedcoreAPIError)
    const apiError = error as RedcoreAPIError
    expect(apiError.constructor).toBe(RedcoreAPIError)
    expect(apiError).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', attempts: 4 })
    expect(apiError.requestId).toMatch(/^[\w-]{8,}$/)
    expect(apiError.requestId).toBe(apiError.response?.headers.get('x-request-id'))
    expect(apiError.message).toContain('GET http://127.0.0.1:8787/v1/me failed with 500')
    expect(apiError.message).toContain('4 attempts')
    expect(h.time.sleeps).toEqual([1000, 2000, 4000])
    expect(
      h.flows.steps('sdk/error-retry', h.flows.runs('sdk/error-retry').at(-1)).slice(-4),
    ).toEqual(['outcome', 'replayable', 'retriesLeft', 'giveUp'])
    expect(h.flows.steps('sdk/error-recovery')).toEqual(['Every retry fails'])
  })

  it('honours maxRetries', async () => {
    const h = await inProcessServer()
    const client = h.client({ maxRetries: 1 })
    await client.initialize()
    const error = await client
      .request({ method: 'GET', path: '/v1/me', options: { headers: { 'x-fault-status': '502' } } })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502, code: 'BAD_GATEWAY', attempts: 2 })
    expect(h.time.sleeps).toEqual([1000])
  })

  it('waits exactly Retry-After on 429, then retries', async () => {
    const h = await inProcessServer()
    const client = h.client({ random: () => 0.9 })
    await client.initialize()
    const started = h.time.now()
    const me = await client.request({
      method: 'GET',
      path: '/v1/me',
      options: {
        headers: {
          'x-fault-session': 'four-two-nine',
          'x-fault-sequence': '429',
          'x-fault-retry-after': '2',
        },
      },
    })
    expect(me.response.status).toBe(200)
    expect(h.time.sleeps).toEqual([2000])
    expect(h.time.now() - started).toBe(2000)
    expect(h.flows.steps('sdk/error-retry', h.flows.runs('sdk/error-retry').at(-1))).toEqual([
      'start',
      'prepare',
      'send',
      'outcome',
      'retryAfter',
      'canWait',
      'sleepRetryAfter',
      'nextAttempt',
      'send',
      'outcome',
      'success',
    ])
  })

  it('raises RateLimitError when 429 persists past the retries', async () => {
    const h = await inProcessServer()
    const client = h.client({ retry: 1 })
    await client.initialize()
    const error = await client
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { headers: { 'x-fault-status': '429', 'x-fault-retry-after': '3' } },
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: 3, attempts: 2 })
    expect(h.time.sleeps).toEqual([3000])
    expect(h.flows.steps('sdk/error-retry').at(-1)).toBe('rateLimitError')
  })

  it('raises RateLimitError at once when Retry-After exceeds maxRetryAfter', async () => {
    const h = await inProcessServer()
    const client = h.client({ retry: { maxRetryAfter: 5_000 } })
    await client.initialize()
    const error = await client
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { headers: { 'x-fault-status': '429', 'x-fault-retry-after': '120' } },
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfter: 120, attempts: 1 })
    expect(h.time.sleeps).toEqual([])
  })

  it.each([
    [400, BadRequestError, 'VALIDATION_ERROR'],
    [404, NotFoundError, 'NOT_FOUND'],
    [409, ConflictError, 'DUPLICATE_RESOURCE'],
    [422, ValidationError, 'VALIDATION_ERROR'],
    [405, RedcoreAPIError, 'BAD_REQUEST'],
  ])('raises %i as %o at once, without retrying', async (status, ErrorClass, code) => {
    const h = await inProcessServer()
    const client = h.client()
    await client.initialize()
    const error = await client
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { headers: { 'x-fault-status': String(status) } },
      })
      .catch((e: unknown) => e)
    expect((error as Error).constructor).toBe(ErrorClass)
    expect(error).toMatchObject({ status, code, attempts: 1 })
    expect(h.time.sleeps).toEqual([])
    expect(h.flows.steps('sdk/error-retry').slice(-2)).toEqual(['outcome', 'typedError'])
  })

  it('raises NotFoundError for a real missing resource, naming method and URL', async () => {
    const h = await inProcessServer()
    const error = await h
      .client()
      .apiKeys.get('key_doesnotexist')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as NotFoundError).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:8787\/v1\/api-keys\/key_doesnotexist failed with 404 NOT_FOUND: /,
    )
  })

  it('raises ValidationError with the field details of a real 422', async () => {
    const h = await inProcessServer()
    const error = await h
      .client()
      .apiKeys.create({ name: '' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).details).toEqual([expect.objectContaining({ field: 'name' })])
  })

  it('raises PermissionDeniedError INSUFFICIENT_SCOPE for a read-only key writing', async () => {
    const h = await inProcessServer()
    const client = h.client({ apiKey: await h.keyWithScopes(['read']) })
    const error = await client.apiKeys.create({ name: 'nope' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect(error).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE', attempts: 1 })
    expect(h.flows.steps('sdk/authentication').slice(-3)).toEqual(['send', 'status', 'scopeError'])
  })
})

describe('POST and Idempotency-Key', () => {
  it('retries a POST with one Idempotency-Key, generated once and reused on every attempt', async () => {
    const h = await inProcessServer()
    const client = h.client()
    const created = await client.apiKeys.create(
      { name: 'retried' },
      sequence('post-retry', '503,500,201'),
    )
    expect(created.name).toBe('retried')
    const posts = h.requests.filter((r) => r.method === 'POST')
    expect(posts).toHaveLength(3)
    const keys = posts.map((r) => r.headers.get('idempotency-key'))
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a lost response is retried with the same key and the server replays instead of creating twice', async () => {
    const h = await inProcessServer()
    let dropped = false
    const client = h.client({
      fetch: async (input, init) => {
        const response = await h.fetch(input, init)
        if (init?.method === 'POST' && !dropped) {
          dropped = true // the server handled it; the answer is lost on the way back
          throw new TypeError('fetch failed: socket hang up')
        }
        return response
      },
    })
    const created = await client.apiKeys.create({ name: 'once' })
    expect(created.key).toBeNull() // an idempotent replay never repeats the secret
    const all = await Array.fromAsync(client.apiKeys.list())
    expect(all.filter((k) => k.name === 'once')).toHaveLength(1)
    expect(h.time.sleeps).toEqual([1000])
  })

  it('uses a caller-given Idempotency-Key', async () => {
    const h = await inProcessServer()
    await h.client().apiKeys.create({ name: 'mine' }, { idempotencyKey: 'order-42' })
    expect(h.requests.at(-1)?.headers.get('idempotency-key')).toBe('order-42')
  })

  it('does not retry a POST sent without an Idempotency-Key', async () => {
    const h = await inProcessServer()
    const client = h.client()
    await client.initialize()
    const error = await client.apiKeys
      .create({ name: 'unsafe' }, { idempotencyKey: false, headers: { 'x-fault-status': '503' } })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 503, attempts: 1 })
    expect(h.requests.at(-1)?.headers.get('idempotency-key')).toBeNull()
    expect(h.flows.steps('sdk/error-retry').slice(-3)).toEqual(['outcome', 'replayable', 'giveUp'])
  })
})
