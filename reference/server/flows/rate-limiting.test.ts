/**
 * @module Flow test for diagrams/api/rate-limiting.mmd: the sliding window, its headers, the
 * 429, the identity key, the fail-open branch and exactness under concurrency.
 */
import { describe, expect, it } from 'vitest'
import { listen } from '../server.ts'
import { classify, windowMs, RATE_LIMIT_CLASSES } from '../services/rate-limits.ts'
import { body, createTenant, createTestApp, TEST_NOW } from '../testing/test-app.ts'

describe('rate limiting (diagrams/api/rate-limiting.mmd)', () => {
  it('admits requests below the burst and counts Remaining down', async () => {
    const t = await createTestApp()
    const first = await t.app.request('/v1/me', { headers: t.acme.headers })
    t.clock.advance(1000)
    const second = await t.app.request('/v1/me', { headers: t.acme.headers })
    expect(first.headers.get('x-ratelimit-remaining')).toBe('99')
    expect(second.headers.get('x-ratelimit-remaining')).toBe('98')
    // Reset: when the oldest counted request (at TEST_NOW) leaves the 100 s window.
    expect(second.headers.get('x-ratelimit-reset')).toBe(String((TEST_NOW + 100_000) / 1000))
  })

  it('returns 429 with Retry-After once the burst is spent, then admits as the window slides', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 10; i += 1) {
      const res = await t.app.request('/v1/api-keys', {
        method: 'POST',
        headers: { ...t.acme.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `k${i}` }),
      })
      expect(res.status).toBe(201)
      t.clock.advance(1000)
    }
    // write: burst 50 per 100 s window; spend the rest.
    for (let i = 0; i < 40; i += 1)
      await t.app.request('/v1/api-keys/key_missing', { method: 'DELETE', headers: t.acme.headers })
    const rejected = await t.app.request('/v1/api-keys/key_missing', {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(rejected.status).toBe(429)
    expect(rejected.headers.get('x-ratelimit-remaining')).toBe('0')
    // The oldest write was at TEST_NOW; 10 s have passed; it leaves the window at +100 s.
    expect(rejected.headers.get('retry-after')).toBe('90')
    expect(await body(rejected)).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMITED' },
    })
    // Reads have their own window.
    expect((await t.app.request('/v1/me', { headers: t.acme.headers })).status).toBe(200)
    t.clock.advance(90_000)
    const admitted = await t.app.request('/v1/api-keys/key_missing', {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(admitted.status).toBe(404)
    expect(admitted.headers.get('x-ratelimit-remaining')).toBe('0')
  })

  it('keys on the credential: two keys have separate windows', async () => {
    const t = await createTestApp()
    const other = await createTenant(t.store, t.clock, { name: 'Globex' })
    for (let i = 0; i < 100; i += 1) await t.app.request('/v1/me', { headers: t.acme.headers })
    expect((await t.app.request('/v1/me', { headers: t.acme.headers })).status).toBe(429)
    expect((await t.app.request('/v1/me', { headers: other.headers })).status).toBe(200)
  })

  it('keys unauthenticated requests on the client IP', async () => {
    const t = await createTestApp({ config: { trustProxy: true } })
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    for (let i = 0; i < 100; i += 1) await t.app.request('/v1/me', { headers: from('10.0.0.1') })
    expect((await t.app.request('/v1/me', { headers: from('10.0.0.1') })).status).toBe(429)
    expect((await t.app.request('/v1/me', { headers: from('10.0.0.2') })).status).toBe(401)
  })

  it('fails open without rate-limit headers when the cache is unreachable', async () => {
    const t = await createTestApp()
    t.cache.setSimulatedOutage(true)
    const res = await t.app.request('/v1/me', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
    const metrics = await (await t.app.request('/metrics')).text()
    expect(metrics).toContain('blueround_rate_limit_fail_open_total 1')
    expect(t.logs.some((l) => l.msg === 'rate limit cache unreachable; admitting request')).toBe(
      true,
    )
  })

  it('never over-admits: 300 parallel requests over real sockets admit exactly the burst', async () => {
    const t = await createTestApp()
    const server = await listen(t.app, '127.0.0.1', 0)
    try {
      const statuses = await Promise.all(
        Array.from({ length: 300 }, () =>
          fetch(`${server.url}/v1/me`, { headers: t.acme.headers }).then(async (r) => {
            await r.arrayBuffer()
            return r.status
          }),
        ),
      )
      expect(statuses.filter((s) => s === 200)).toHaveLength(100)
      expect(statuses.filter((s) => s === 429)).toHaveLength(200)
    } finally {
      await server.close()
    }
  })

  it('classifies endpoints and derives each window from burst / perMinute', () => {
    expect(classify('POST', '/oauth/token')).toBe('auth')
    expect(classify('POST', '/v1/auth/login')).toBe('auth')
    expect(classify('POST', '/v1/users/bulk')).toBe('bulk')
    expect(classify('GET', '/v1/users/search')).toBe('search')
    expect(classify('GET', '/v1/me')).toBe('read')
    expect(classify('DELETE', '/v1/api-keys/1')).toBe('write')
    expect(windowMs(RATE_LIMIT_CLASSES.auth)).toBe(120_000)
    expect(windowMs(RATE_LIMIT_CLASSES.read)).toBe(100_000)
    expect(windowMs(RATE_LIMIT_CLASSES.bulk)).toBe(120_000)
  })
})

describe('rate limiting on /oauth', () => {
  it('counts unauthenticated /oauth requests per client IP in the auth class', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/oauth/token', { method: 'POST' })
    expect(res.status).toBe(400) // invalid_request: no grant_type
    expect(res.headers.get('x-ratelimit-limit')).toBe('10')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('9')
  })

  it('keys the auth class on the client IP even with a bearer header: a forged one buys nothing', async () => {
    const t = await createTestApp({ config: { trustProxy: true } })
    const login = (i: number, ip = '10.0.0.7') =>
      t.app.request('/v1/auth/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': ip,
          authorization: `Bearer forged-${i}`,
        },
        body: JSON.stringify({ email: 'nobody@acme.test', password: `guess-${i}` }),
      })
    // Each forged header would be a fresh bucket if the key were the bearer: it is the address.
    const remaining: (string | null)[] = []
    for (let i = 0; i < 3; i += 1)
      remaining.push((await login(i)).headers.get('x-ratelimit-remaining'))
    expect(remaining).toEqual(['9', '8', '7'])
    // Another address has its own budget.
    const elsewhere = await login(3, '10.0.0.8')
    expect(elsewhere.headers.get('x-ratelimit-remaining')).toBe('9')
  })
})
