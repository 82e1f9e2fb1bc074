/**
 * @module Flow test for diagrams/api/request-pipeline.mmd: every branch of the pipeline, in order.
 */
import { describe, expect, it } from 'vitest'
import { body, createTenant, createTestApp } from '../testing/test-app.ts'

describe('request pipeline (diagrams/api/request-pipeline.mmd)', () => {
  it('runs every step on success: 200 envelope, request ID, rate-limit headers, metrics', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    const requestId = res.headers.get('x-request-id')
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-ratelimit-limit')).toBe('100')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('99')
    const json = await body(res)
    expect(json).toMatchObject({
      success: true,
      pagination: { page: 1, pageSize: 20, total: 1 },
      meta: { version: 'v1', requestId, timestamp: '2026-11-22T10:00:00.000Z' },
    })
    const metrics = await (await t.app.request('/metrics')).text()
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/v1/api-keys",status="200"} 1',
    )
  })

  it('answers a CORS preflight with 204 before the body cap, rate limiting and authentication', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4321', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4321')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
  })

  it('returns 413 PAYLOAD_TOO_LARGE before the version check, rate limiting or authentication', async () => {
    const t = await createTestApp({ config: { maxBodyBytes: 1_024 } })
    const res = await t.app.request('/v9/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2_000) }),
    })
    expect(res.status).toBe(413)
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
    expect((await body(res)).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('returns 406 UNSUPPORTED_VERSION before rate limiting or authentication', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v9/me')
    expect(res.status).toBe(406)
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
    expect((await body(res)).error.code).toBe('UNSUPPORTED_VERSION')
  })

  it('returns 429 RATE_LIMITED before authentication once the window is full', async () => {
    const t = await createTestApp()
    const headers = { authorization: 'Bearer brk_nobodyyy_not-a-real-key-not-a-real-key-000' }
    for (let i = 0; i < 100; i += 1) await t.app.request('/v1/me', { headers })
    const res = await t.app.request('/v1/me', { headers })
    expect(res.status).toBe(429)
    expect((await body(res)).error.code).toBe('RATE_LIMITED')
  })

  it('returns 401 UNAUTHORIZED without credentials', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="blueround"')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('99')
    expect((await body(res)).error.code).toBe('UNAUTHORIZED')
  })

  it('returns 401 UNAUTHORIZED for a well-formed but unknown API key', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', {
      headers: { authorization: `Bearer ${t.acme.key.slice(0, -4)}AAAA` },
    })
    expect(res.status).toBe(401)
    expect((await body(res)).error.message).toBe('Invalid API key')
  })

  it('returns 403 ACCOUNT_INACTIVE for a suspended organization', async () => {
    const t = await createTestApp()
    await t.store.organizations.setStatus(t.acme.organization.id, 'suspended')
    const res = await t.app.request('/v1/me', { headers: t.acme.headers })
    expect(res.status).toBe(403)
    expect((await body(res)).error.code).toBe('ACCOUNT_INACTIVE')
  })

  it('returns 403 INSUFFICIENT_SCOPE when the credential lacks the route scope', async () => {
    const t = await createTestApp()
    const reader = await createTenant(t.store, t.clock, { name: 'Readonly', scopes: ['read'] })
    const res = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...reader.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    })
    expect(res.status).toBe(403)
    expect((await body(res)).error.code).toBe('INSUFFICIENT_SCOPE')
  })

  it('returns 422 VALIDATION_ERROR with field details after the permission check', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys?pageSize=1000', { headers: t.acme.headers })
    expect(res.status).toBe(422)
    const json = await body(res)
    expect(json.error.code).toBe('VALIDATION_ERROR')
    expect(json.error.details).toEqual([
      { field: 'query.pageSize', message: expect.stringContaining('100') },
    ])
  })

  it('returns 400 VALIDATION_ERROR for malformed JSON', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: '{"name": ',
    })
    expect(res.status).toBe(400)
    expect((await body(res)).error).toMatchObject({ code: 'VALIDATION_ERROR' })
  })

  it('answers 401, not 404, for an unknown path without a credential: no route probing', async () => {
    const t = await createTestApp()
    // An unversioned path is routed as v1 (Accept versioning), so it takes the same checks.
    for (const path of ['/nope', '/v1/nope', '/v2/nope']) {
      const res = await t.app.request(path)
      expect(res.status).toBe(401)
      expect((await body(res)).error.code).toBe('UNAUTHORIZED')
    }
  })

  it('answers 404 NOT_FOUND in the envelope for an unknown authenticated path', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/nothing-here', { headers: t.acme.headers })
    expect(res.status).toBe(404)
    expect((await body(res)).error.code).toBe('NOT_FOUND')
  })
})
