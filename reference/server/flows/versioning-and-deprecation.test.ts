/**
 * @module Flow test for diagrams/api/versioning-and-deprecation.mmd: URL and Accept versions,
 * the default, 406 for unknown versions, the v2 change and the v1 deprecation headers.
 */
import { describe, expect, it } from 'vitest'
import { body, createTestApp } from '../testing/test-app.ts'

describe('versioning and deprecation (diagrams/api/versioning-and-deprecation.mmd)', () => {
  it('URL prefix /v2 serves the v2 form without deprecation headers', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v2/organizations/current', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('deprecation')).toBeNull()
    const json = await body(res)
    expect(json.meta.version).toBe('v2')
    expect(json.data).toEqual({
      id: t.acme.organization.id,
      displayName: 'Acme',
      slug: 'acme',
      status: 'active',
      createdAt: t.acme.organization.created_at,
    })
  })

  it('URL prefix /v1 serves the v1 form with Deprecation, Sunset and Link headers', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/organizations/current', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('deprecation')).toBe('@1809129600')
    expect(res.headers.get('sunset')).toBe('Mon, 01 May 2028 00:00:00 GMT')
    expect(res.headers.get('link')).toBe(
      '<https://docs.blueround.com/api/versioning-and-deprecation/#migrating-organizations-current-to-v2>; rel="deprecation"; type="text/html", </v2/organizations/current>; rel="successor-version"',
    )
    const json = await body(res)
    expect(json.data).toEqual({
      id: t.acme.organization.id,
      name: 'Acme',
      status: 'active',
      createdAt: t.acme.organization.created_at,
    })
    const metrics = await (await t.app.request('/metrics')).text()
    expect(metrics).toContain(
      'blueround_deprecated_requests_total{route="/v1/organizations/current"} 1',
    )
  })

  it('follows the policy: deprecation 6 months after announcement, sunset 12 months later', async () => {
    const { DEPRECATIONS } = await import('../services/deprecations.ts')
    for (const d of DEPRECATIONS) {
      const announced = new Date(d.announced)
      const deprecated = new Date(d.deprecatedAt)
      const sunset = new Date(d.sunsetAt)
      announced.setUTCMonth(announced.getUTCMonth() + 6)
      expect(deprecated.getTime()).toBeGreaterThanOrEqual(announced.getTime())
      deprecated.setUTCMonth(deprecated.getUTCMonth() + 12)
      expect(sunset.getTime()).toBeGreaterThanOrEqual(deprecated.getTime())
    }
  })

  it('Accept: application/vnd.blueround.v2+json on an unversioned path routes to v2', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/organizations/current', {
      headers: { ...t.acme.headers, accept: 'application/vnd.blueround.v2+json' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('vary')).toBe('Accept')
    expect((await body(res)).data.displayName).toBe('Acme')
  })

  it('an unversioned path without a vendor media type routes to v1', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/organizations/current', { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('deprecation')).toBe('@1809129600')
    expect((await body(res)).data.name).toBe('Acme')
  })

  it('an unknown version in the URL answers 406 UNSUPPORTED_VERSION', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v3/me', { headers: t.acme.headers })
    expect(res.status).toBe(406)
    expect((await body(res)).error).toEqual({
      code: 'UNSUPPORTED_VERSION',
      message: 'API version v3 is not supported. Supported versions: v1, v2',
    })
  })

  it('an unknown version in the Accept header answers 406 UNSUPPORTED_VERSION', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/me', {
      headers: { ...t.acme.headers, accept: 'application/vnd.blueround.v7+json' },
    })
    expect(res.status).toBe(406)
    expect((await body(res)).error.code).toBe('UNSUPPORTED_VERSION')
  })

  it('resources unchanged in v2 answer the same under both prefixes', async () => {
    const t = await createTestApp()
    const v1 = await body(await t.app.request('/v1/me', { headers: t.acme.headers }))
    const v2 = await body(await t.app.request('/v2/me', { headers: t.acme.headers }))
    expect(v2.data).toEqual(v1.data)
    expect(v2.meta.version).toBe('v2')
  })
})
