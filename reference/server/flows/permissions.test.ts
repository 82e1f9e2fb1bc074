/** Permissions (diagrams/auth/permission-flow.mmd): role scopes cached 10 minutes, role changes. */
import { describe, expect, it } from 'vitest'
import { CACHE_TTL_MS } from '../lib/cache-ttls.ts'
import { ROLE_SCOPES } from '../services/permissions.ts'
import { bearer, createActiveUser, createAuthTestApp, login } from '../testing/auth.ts'
import { body } from '../testing/test-app.ts'

describe('permission cache and roles', () => {
  it('caches role scopes for 10 minutes and drops them at once on a role change', async () => {
    const t = await createAuthTestApp()
    const user = await createActiveUser(t, 'member')
    const tokens = await login(t, user.email)
    const createKey = () =>
      t.app.request('/v1/api-keys', {
        method: 'POST',
        headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'member key', scopes: ['read'] }),
      })
    expect(await t.cache.get(`permissions:${user.id}`)).toBeUndefined()
    expect((await createKey()).status).toBe(201)
    expect(JSON.parse((await t.cache.get(`permissions:${user.id}`)) ?? '{}')).toEqual({
      role: 'member',
      scopes: ROLE_SCOPES.member,
    })
    expect((await createKey()).status).toBe(201) // served from the cache

    const demote = await t.app.request(`/v1/users/${user.id}`, {
      method: 'PATCH',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect((await body(demote)).data.role).toBe('viewer')
    expect(await t.cache.get(`permissions:${user.id}`)).toBeUndefined()
    // The token still carries `write`, but the role no longer grants it: 403 at once.
    const denied = await createKey()
    expect(denied.status).toBe(403)
    expect((await body(denied)).error.code).toBe('INSUFFICIENT_SCOPE')
    t.clock.advance(CACHE_TTL_MS.permissions)
    expect(await t.cache.get(`permissions:${user.id}`)).toBeUndefined()
  })

  it('an API key needs its coarse scope and its owner role for a fine scope', async () => {
    const t = await createAuthTestApp()
    const readOnly = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'read only', scopes: ['read'] }),
    })
    const { key } = (await body(readOnly)).data
    expect((await t.app.request('/v1/users', { headers: bearer(key) })).status).toBe(200)
    const write = await t.app.request('/v1/users', {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'z@acme.test', name: 'Z', role: 'viewer' }),
    })
    expect(write.status).toBe(403)
  })
})
