import { describe, expect, it } from 'vitest'
import { body, createTestApp, type TestApp } from '../../testing/test-app.ts'

const get = (t: TestApp, headers: Record<string, string>) =>
  t.app.request('/v1/me', { headers: { ...t.acme.headers, ...headers } })

describe('fault injection', () => {
  it('forces a 429 with the chosen Retry-After, in the error envelope', async () => {
    const t = await createTestApp()
    const res = await get(t, { 'x-fault-status': '429', 'x-fault-retry-after': '7' })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(res.headers.get('x-fault-injected')).toBe('status=429')
    expect(res.headers.get('x-ratelimit-limit')).toBe('100')
    expect((await body(res)).error).toEqual({
      code: 'RATE_LIMITED',
      message: 'Injected fault: status 429',
    })
  })

  it.each([
    [500, 'INTERNAL_ERROR'],
    [502, 'BAD_GATEWAY'],
    [503, 'SERVICE_UNAVAILABLE'],
    [504, 'TIMEOUT'],
    [507, 'INTERNAL_ERROR'],
  ])('forces any 5xx: %i answers %s', async (status, code) => {
    const t = await createTestApp()
    const res = await get(t, { 'x-fault-status': String(status) })
    expect(res.status).toBe(status)
    expect((await body(res)).error.code).toBe(code)
  })

  it('scripts a sequence across the retries of one fault session: 503, 500, then success', async () => {
    const t = await createTestApp()
    const headers = { 'x-fault-session': 'sdk-retry-1', 'x-fault-sequence': '503,500,200' }
    const statuses = []
    for (let i = 0; i < 4; i += 1) statuses.push((await get(t, headers)).status)
    expect(statuses).toEqual([503, 500, 200, 200])
    // A different session has its own script.
    expect((await get(t, { ...headers, 'x-fault-session': 'other' })).status).toBe(503)
  })

  it('keeps the stored script when later requests send only the session', async () => {
    const t = await createTestApp()
    await get(t, { 'x-fault-session': 's', 'x-fault-sequence': '503,503' })
    expect((await get(t, { 'x-fault-session': 's' })).status).toBe(503)
    expect((await get(t, { 'x-fault-session': 's' })).status).toBe(200)
  })

  it('rejects malformed fault headers with 422 VALIDATION_ERROR details', async () => {
    const t = await createTestApp()
    const res = await get(t, { 'x-fault-status': '999', 'x-fault-sequence': '503,abc' })
    expect(res.status).toBe(422)
    expect((await body(res)).error.details).toEqual([
      { field: 'X-Fault-Status', message: 'invalid value "999"' },
      { field: 'X-Fault-Sequence', message: 'expected 1-20 statuses, e.g. 503,500,200' },
    ])
  })

  it('delays a request; past the API timeout it answers 504 TIMEOUT', async () => {
    const t = await createTestApp({ config: { apiTimeoutMs: 40 } })
    const res = await get(t, { 'x-fault-delay-ms': '200' })
    expect(res.status).toBe(504)
    expect((await body(res)).error).toEqual({
      code: 'TIMEOUT',
      message: 'The request did not complete within 40 ms',
    })
    const relaxed = await createTestApp()
    const quick = await get(relaxed, { 'x-fault-delay-ms': '5' })
    expect(quick.status).toBe(200)
  })

  it('is ignored in production, with a warning in the log', async () => {
    const t = await createTestApp({ config: { faultInjection: false } })
    const res = await get(t, { 'x-fault-status': '503', 'x-request-id': 'req-prod' })
    expect(res.status).toBe(200)
    expect(t.logs.find((l) => l.requestId === 'req-prod' && l.level === 40)?.msg).toBe(
      'fault injection headers ignored: fault injection is disabled in production',
    )
  })

  it('does not mount /dev/faults in production', async () => {
    const t = await createTestApp({ config: { faultInjection: false } })
    expect((await t.app.request('/dev/faults')).status).toBe(404)
  })

  it('simulates the cache being down through /dev/faults', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/dev/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cache: 'down' }),
    })
    expect((await body(res)).data).toEqual({ database: 'up', cache: 'down' })
    expect(t.cache.isSimulatedOutage()).toBe(true)
    expect(await body(await t.app.request('/dev/faults'))).toMatchObject({
      data: { database: 'up', cache: 'down' },
    })
  })
})
