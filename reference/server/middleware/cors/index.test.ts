import { describe, expect, it } from 'vitest'
import { createTestApp } from '../../testing/test-app.ts'

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  },
})

describe('CORS', () => {
  it("answers the docs origin's preflight with 204 before rate limits and auth", async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/products', preflight('https://docs.blueround.com'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://docs.blueround.com')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization')
    expect(res.headers.get('access-control-max-age')).toBe('600')
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
  })

  it("answers another origin's preflight with 204 too, but without Access-Control-Allow-Origin", async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/products', preflight('https://evil.example'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('x-ratelimit-limit')).toBeNull()
  })

  it('allows localhost and 127.0.0.1 on any port by default', async () => {
    const t = await createTestApp()
    for (const origin of ['http://localhost:4321', 'http://127.0.0.1:8080']) {
      const res = await t.app.request('/v1/me', { headers: { ...t.acme.headers, origin } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-ID')
      expect(res.headers.get('vary')).toContain('Origin')
    }
  })

  it('gives other origins, and look-alikes, no Access-Control-Allow-Origin', async () => {
    const t = await createTestApp()
    for (const origin of [
      'https://evil.example',
      'https://docs.blueround.com.evil.example',
      'http://localhost.evil.example:80',
      'http://localhost:80/x',
      'null',
    ]) {
      const res = await t.app.request('/v1/me', { headers: { ...t.acme.headers, origin } })
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
  })

  it('sends CORS headers on error responses too, so browsers can read the envelope', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', { headers: { origin: 'https://docs.blueround.com' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://docs.blueround.com')
  })

  it('follows BLUEROUND_CORS_ORIGINS', async () => {
    const t = await createTestApp({ config: { corsOrigins: ['https://app.example.com'] } })
    const allowed = await t.app.request('/health', {
      headers: { origin: 'https://app.example.com' },
    })
    const local = await t.app.request('/health', { headers: { origin: 'http://localhost:4321' } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(local.headers.get('access-control-allow-origin')).toBeNull()
  })
})
