/** The credential cache, observed through the real app: what a request sees after each change. */
import { describe, expect, it } from 'vitest'
import { CACHE_TTL_MS } from '../lib/cache-ttls.ts'
import { body, createTestApp } from '../testing/test-app.ts'

const me = (t: Awaited<ReturnType<typeof createTestApp>>, headers = t.acme.headers) =>
  t.app.request('/v1/me', { headers })

describe('credential cache', () => {
  it('serves a verified key from the cache: no database lookup on the next request', async () => {
    const t = await createTestApp()
    expect((await me(t)).status).toBe(200)
    // With the row gone from the database, only the cache can still answer.
    const calls: string[] = []
    const original = t.store.apiKeys.findCredentialByPrefix.bind(t.store.apiKeys)
    t.store.apiKeys.findCredentialByPrefix = (prefix) => {
      calls.push(prefix)
      return original(prefix)
    }
    expect((await me(t)).status).toBe(200)
    expect(calls).toEqual([])
  })

  it('refuses a revoked key on the very next request', async () => {
    const t = await createTestApp()
    const created = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', scopes: ['read'] }),
    })
    expect(created.status).toBe(201)
    const { data } = await body(created)
    const headers = { authorization: `Bearer ${data.key as string}` }
    expect((await me(t, headers)).status).toBe(200) // now cached
    const revoked = await t.app.request(`/v1/api-keys/${data.id as string}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(revoked.status).toBe(200)
    const after = await me(t, headers)
    expect(after.status).toBe(401)
    expect((await body(after)).error.message).toBe('API key has been revoked')
  })

  it('sees a user change (name, role) on the very next request', async () => {
    const t = await createTestApp()
    expect((await body(await me(t))).data.user.name).toBe('Acme admin')
    const patched = await t.app.request(`/v1/users/${t.acme.user.id}`, {
      method: 'PATCH',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed' }),
    })
    expect(patched.status).toBe(200)
    expect((await body(await me(t))).data.user.name).toBe('Renamed')
  })

  it('sees a revocation made in the database directly only once the entry expires', async () => {
    const t = await createTestApp()
    expect((await me(t)).status).toBe(200) // now cached
    const iso = new Date(t.clock.now()).toISOString()
    await t.store.apiKeys.revoke(t.acme.organization.id, t.acme.keyId, iso)
    t.clock.advance(CACHE_TTL_MS.permissions - 1_000)
    expect((await me(t)).status).toBe(200) // no API call bumped the generation
    t.clock.advance(1_000)
    const after = await me(t)
    expect(after.status).toBe(401)
    expect((await body(after)).error.message).toBe('API key has been revoked')
  })

  it('falls back to the database while the cache is down', async () => {
    const t = await createTestApp()
    expect((await me(t)).status).toBe(200)
    t.cache.setSimulatedOutage(true)
    try {
      // The rate limiter admits the request when its cache is unreachable; the key is then
      // verified against the database.
      expect((await me(t)).status).toBe(200)
    } finally {
      t.cache.setSimulatedOutage(false)
    }
    expect((await me(t)).status).toBe(200)
  })
})
