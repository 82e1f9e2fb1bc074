import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { body, createTestApp, type TestApp } from '../../testing/test-app.ts'

const create = (t: TestApp, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.request('/v1/api-keys', {
    method: 'POST',
    headers: { ...t.acme.headers, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  })

describe('/v1/api-keys', () => {
  it('creates a key, returns the secret once and stores only its SHA-256 and prefix', async () => {
    const t = await createTestApp()
    const res = await create(t, { name: 'CI pipeline', scopes: ['read'] })
    expect(res.status).toBe(201)
    const { data } = await body(res)
    expect(data).toMatchObject({ name: 'CI pipeline', scopes: ['read'], revokedAt: null })
    expect(data.key).toMatch(/^brk_[a-z0-9]{8}_[\w-]{43}$/)
    expect(data.prefix).toBe(data.key.slice(0, 12))
    const row = await t.store.apiKeys.findById(t.acme.organization.id, data.id)
    expect(row?.key_hash).toBe(createHash('sha256').update(data.key).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(data.key)
    const fetched = await body(
      await t.app.request(`/v1/api-keys/${data.id}`, { headers: t.acme.headers }),
    )
    expect(fetched.data.key).toBeUndefined()
  })

  it('authenticates with the new key, scoped to its organization and scopes', async () => {
    const t = await createTestApp()
    const { data } = await body(await create(t, { name: 'reader', scopes: ['read'] }))
    const me = await body(
      await t.app.request('/v1/me', { headers: { authorization: `Bearer ${data.key}` } }),
    )
    expect(me.data.organization.id).toBe(t.acme.organization.id)
    expect(me.data.credential).toEqual({ kind: 'api_key', id: data.id, scopes: ['read'] })
  })

  it('pages the list newest first', async () => {
    const t = await createTestApp()
    for (const name of ['a', 'b', 'c']) {
      t.clock.advance(1000)
      await create(t, { name })
    }
    const res = await t.app.request('/v1/api-keys?page=2&pageSize=2', { headers: t.acme.headers })
    const json = await body(res)
    expect(json.data.map((k: { name: string }) => k.name)).toEqual(['a', 'test key'])
    expect(json.pagination).toEqual({
      page: 2,
      pageSize: 2,
      total: 4,
      totalPages: 2,
      hasNextPage: false,
      hasPreviousPage: true,
    })
  })

  it('revokes a key: it stops authenticating with 401', async () => {
    const t = await createTestApp()
    const { data } = await body(await create(t, { name: 'temp' }))
    const del = await t.app.request(`/v1/api-keys/${data.id}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(del.status).toBe(200)
    expect((await body(del)).data.revokedAt).toBe('2026-11-22T10:00:00.000Z')
    const res = await t.app.request('/v1/me', { headers: { authorization: `Bearer ${data.key}` } })
    expect(res.status).toBe(401)
    expect((await body(res)).error.message).toBe('API key has been revoked')
  })

  it('rejects an expired key with 401', async () => {
    const t = await createTestApp()
    const { data } = await body(
      await create(t, { name: 'short', expiresAt: '2026-11-22T11:00:00Z' }),
    )
    const headers = { authorization: `Bearer ${data.key}` }
    expect((await t.app.request('/v1/me', { headers })).status).toBe(200)
    t.clock.advance(60 * 60_000)
    const res = await t.app.request('/v1/me', { headers })
    expect(res.status).toBe(401)
    expect((await body(res)).error.message).toBe('API key has expired')
  })

  it('refuses to grant scopes the caller does not hold', async () => {
    const t = await createTestApp()
    const { data } = await body(await create(t, { name: 'rw', scopes: ['read', 'write'] }))
    const res = await create(
      t,
      { name: 'escalate', scopes: ['admin'] },
      {
        authorization: `Bearer ${data.key}`,
      },
    )
    expect(res.status).toBe(403)
    expect((await body(res)).error.code).toBe('INSUFFICIENT_SCOPE')
  })

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a non-JSON body', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'text/plain' },
      body: 'name=x',
    })
    expect(res.status).toBe(415)
    expect((await body(res)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })
})
