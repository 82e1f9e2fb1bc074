import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import type { Store } from '../../store/index.ts'
import { createTestApp } from '../../testing/test-app.ts'
import { SECURITY_HEADERS, SECURITY_HEADER_OPTIONS } from './index.ts'

const HTML_ONLY = [
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]

const expectSecurityHeaders = (res: Response) => {
  expect(res.headers.get('content-security-policy')).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  )
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('x-frame-options')).toBe('DENY')
  expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/)
  expect(res.headers.get('x-powered-by')).toBeNull()
  // HTML-document headers are off for this JSON API (OWASP REST Security Cheat Sheet).
  for (const name of HTML_ONLY) expect(res.headers.get(name), name).toBeNull()
}

describe('security headers', () => {
  it('are exactly what hono/secure-headers adds for the documented options', async () => {
    // The server sends a constant list (no per-request values); this keeps it from drifting from
    // the library, e.g. when an upgrade changes a default such as HSTS's max-age.
    const probe = new Hono()
      .use(secureHeaders(SECURITY_HEADER_OPTIONS))
      .get('*', (c) => c.body(null, 204))
    const res = await probe.request('/')
    const fromLibrary = [...res.headers].filter(([name]) => name !== 'content-type')
    expect(fromLibrary).toEqual(SECURITY_HEADERS.map(([name, value]) => [name, value]))
  })

  it('are on a success response', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expectSecurityHeaders(res)
  })

  it('are on error responses: 401, 404, 422, 413 and a thrown 500', async () => {
    const t = await createTestApp({
      config: { maxBodyBytes: 1_024 },
      wrapStore: (store): Store => ({
        ...store,
        apiKeys: { ...store.apiKeys, findById: () => Promise.reject(new RangeError('boom')) },
      }),
    })
    const json = { ...t.acme.headers, 'content-type': 'application/json' }
    const responses = [
      await t.app.request('/v1/me'),
      await t.app.request('/v1/nowhere', { headers: t.acme.headers }),
      await t.app.request('/v1/products', { method: 'POST', headers: json, body: '{}' }),
      await t.app.request('/v1/products', {
        method: 'POST',
        headers: json,
        body: 'x'.repeat(2_000),
      }),
      await t.app.request('/v1/api-keys/key_x', { headers: t.acme.headers }),
    ]
    expect(responses.map((r) => r.status)).toEqual([401, 404, 422, 413, 500])
    for (const res of responses) expectSecurityHeaders(res)
  })

  it('are on the OAuth endpoints and the health check', async () => {
    const t = await createTestApp()
    for (const res of [
      await t.app.request('/health'),
      await t.app.request('/oauth/token', { method: 'POST' }),
      await t.app.request('/.well-known/jwks.json'),
    ])
      expectSecurityHeaders(res)
  })
})
