/**
 * @module Flow test for diagrams/api/tenancy-and-request-ids.mmd: request IDs (echoed or
 * generated, in headers, envelopes and logs), organization scoping, suspension and admin
 * resource tracking.
 */
import { describe, expect, it } from 'vitest'
import { body, createTenant, createTestApp } from '../testing/test-app.ts'

describe('tenancy and request IDs (diagrams/api/tenancy-and-request-ids.mmd)', () => {
  it('echoes a well-formed X-Request-ID in the header, meta.requestId and every log line', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', {
      headers: { ...t.acme.headers, 'x-request-id': 'client-abc.123' },
    })
    expect(res.headers.get('x-request-id')).toBe('client-abc.123')
    expect((await body(res)).meta.requestId).toBe('client-abc.123')
    const lines = t.logs.filter((l) => l.msg === 'request completed')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ requestId: 'client-abc.123', status: 200, path: '/v1/me' })
  })

  it('replaces a malformed X-Request-ID with a generated UUID', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', {
      headers: { ...t.acme.headers, 'x-request-id': 'bad id with spaces <script>' },
    })
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect((await body(res)).meta.requestId).toBe(id)
  })

  it('puts the request ID on error envelopes and on non-API responses too', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', { headers: { 'x-request-id': 'req-401' } })
    expect((await body(res)).meta.requestId).toBe('req-401')
    const health = await t.app.request('/health', { headers: { 'x-request-id': 'req-health' } })
    expect(health.headers.get('x-request-id')).toBe('req-health')
  })

  it("answers 404 for another organization's resource, exactly like a missing one", async () => {
    const t = await createTestApp()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const foreign = await t.app.request(`/v1/api-keys/${globex.keyId}`, { headers: t.acme.headers })
    const missing = await t.app.request('/v1/api-keys/key_doesnotexist', {
      headers: t.acme.headers,
    })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    const a = await body(foreign)
    const b = await body(missing)
    expect(a.error).toEqual(b.error)
    const del = await t.app.request(`/v1/api-keys/${globex.keyId}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(del.status).toBe(404)
    const row = await t.store.apiKeys.findById(globex.organization.id, globex.keyId)
    expect(row?.revoked_at).toBeNull()
  })

  it('lists only the caller organization resources', async () => {
    const t = await createTestApp()
    await createTenant(t.store, t.clock, { name: 'Globex' })
    const json = await body(await t.app.request('/v1/api-keys', { headers: t.acme.headers }))
    expect(json.pagination.total).toBe(1)
    expect(json.data[0].id).toBe(t.acme.keyId)
  })

  it('answers 403 ACCOUNT_INACTIVE for a suspended organization', async () => {
    const t = await createTestApp()
    await t.store.organizations.setStatus(t.acme.organization.id, 'suspended')
    const res = await t.app.request('/v1/api-keys', { headers: t.acme.headers })
    expect(res.status).toBe(403)
    expect((await body(res)).error).toEqual({
      code: 'ACCOUNT_INACTIVE',
      message: 'Organization Acme is suspended',
    })
  })

  it('gives an admin who asks a tracking ID and Server-Timing figures', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/me', {
      headers: { ...t.acme.headers, 'x-debug-resource-tracking': 'true' },
    })
    expect(res.headers.get('x-resource-tracking-id')).toMatch(/^rt_[\w-]{16}$/)
    expect(res.headers.get('server-timing')).toMatch(
      /^total;dur=[\d.]+;desc="Whole request", app;dur=[\d.]+/,
    )
    expect(t.logs.some((l) => l.msg === 'resource tracking')).toBe(true)
  })

  it('ignores resource tracking for non-admins and without the header', async () => {
    const t = await createTestApp()
    const member = await createTenant(t.store, t.clock, { name: 'Initech', role: 'member' })
    const asMember = await t.app.request('/v1/me', {
      headers: { ...member.headers, 'x-debug-resource-tracking': 'true' },
    })
    expect(asMember.status).toBe(200)
    expect(asMember.headers.get('x-resource-tracking-id')).toBeNull()
    const plain = await t.app.request('/v1/me', { headers: t.acme.headers })
    expect(plain.headers.get('x-resource-tracking-id')).toBeNull()
  })
})
