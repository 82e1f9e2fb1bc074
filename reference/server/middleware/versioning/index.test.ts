import { describe, expect, it } from 'vitest'
import { acceptedVersion, versionedPath } from './index.ts'

const request = (path: string, accept?: string) =>
  new Request(`http://127.0.0.1:8787${path}`, accept === undefined ? {} : { headers: { accept } })

describe('version selection before routing', () => {
  it('leaves versioned and operational paths alone', () => {
    for (const path of [
      '/v1/me',
      '/v2/api-keys',
      '/v9/x',
      '/health',
      '/metrics',
      '/openapi.json',
      '/dev/faults',
      '/oauth/token',
      '/',
    ])
      expect(versionedPath(request(path, 'application/vnd.blueround.v2+json'))).toBe(path)
  })

  it('routes unversioned API paths by the Accept header, defaulting to v1', () => {
    expect(versionedPath(request('/me?x=1', 'application/vnd.blueround.v2+json'))).toBe('/v2/me')
    expect(versionedPath(request('/me', 'application/json'))).toBe('/v1/me')
    expect(versionedPath(request('/me'))).toBe('/v1/me')
  })

  it('decodes percent-escapes like Hono does', () => {
    expect(versionedPath(request('/api-keys/key%5Fabc'))).toBe('/v1/api-keys/key_abc')
  })

  it('reads the version from a vendor media type among others', () => {
    expect(acceptedVersion('text/html, application/vnd.blueround.v2+json;q=0.9')).toBe(2)
    expect(acceptedVersion('application/json')).toBeUndefined()
    expect(acceptedVersion(null)).toBeUndefined()
  })
})

describe('versioning middleware', () => {
  it('does not add Vary: Accept to URL-versioned requests with escaped characters', async () => {
    const { createTestApp } = await import('../../testing/test-app.ts')
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys/key%5Fmissing', { headers: t.acme.headers })
    expect(res.status).toBe(404)
    expect(res.headers.get('vary')).toBeNull()
  })
})
