import { describe, expect, it } from 'vitest'
import { inProcessServer } from '../../testing/reference-server.ts'
import { oauthHarness } from '../../testing/oauth-harness.ts'
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts'

describe('resources against the reference server', () => {
  it('apiKeys: create, get, revoke, one page at a time and every item across pages', async () => {
    const h = await inProcessServer()
    const client = h.client()
    const created = await client.apiKeys.create({ name: 'CI pipeline', scopes: ['read'] })
    expect(created.key).toMatch(/^brk_[a-z0-9]{8}_/)
    expect(created).toMatchObject({ name: 'CI pipeline', scopes: ['read'], revokedAt: null })
    for (const name of ['b', 'c', 'd']) await client.apiKeys.create({ name })
    const fetched = await client.apiKeys.get(created.id)
    expect(fetched).not.toHaveProperty('key')
    expect(fetched.prefix).toBe(created.prefix)

    const page = await client.apiKeys.listPage({ page: 2, pageSize: 2 })
    expect(page.pagination).toMatchObject({ page: 2, pageSize: 2, total: 5, totalPages: 3 })
    expect(page.data).toHaveLength(2)
    expect(page.requestId).toBeDefined()

    const names: string[] = []
    for await (const key of client.apiKeys.list({ pageSize: 2 })) names.push(key.name)
    expect(names).toHaveLength(5)
    expect(new Set(names)).toEqual(new Set(['test key', 'CI pipeline', 'b', 'c', 'd']))
    const listed = h.requests.filter((r) => r.path === '/v1/api-keys' && r.method === 'GET')
    expect(listed).toHaveLength(1 + 3)

    const revoked = await client.apiKeys.revoke(created.id)
    expect(revoked.revokedAt).not.toBeNull()
  })

  it('list() stops requesting pages when the caller breaks out', async () => {
    const h = await inProcessServer()
    const client = h.client()
    for (const name of ['b', 'c', 'd']) await client.apiKeys.create({ name })
    for await (const key of client.apiKeys.list({ pageSize: 1 })) {
      expect(key.id).toMatch(/^key_/)
      break
    }
    expect(h.requests.filter((r) => r.path === '/v1/api-keys' && r.method === 'GET')).toHaveLength(
      1,
    )
  })

  it('organizations.current() uses v2 (v1 is deprecated)', async () => {
    const h = await inProcessServer()
    const org = await h.client().organizations.current()
    expect(org).toMatchObject({ displayName: 'Acme', slug: 'acme', status: 'active' })
  })
})

/** `/v1/users` on the real reference server, signed in with OAuth. */
describe('users resource (reference server)', () => {
  it('get, create (201, pending_invite) and list across pages', async () => {
    const h = await oauthHarness()
    const client = h.client()
    const user = await client.users.get(h.userId)
    expect(user.email).toBe('admin@acme.test')
    h.clock.advance(1000)
    const invited = await client.users.create({ email: 'new@acme.test', name: 'New Person' })
    expect(invited).toMatchObject({ status: 'pending_invite', role: 'member' })
    h.clock.advance(1000)
    await client.users.create({ email: 'third@acme.test', name: 'Third', role: 'admin' })
    const page = await client.users.listPage({ pageSize: 2 })
    expect(page.pagination).toMatchObject({ total: 3, hasNextPage: true })
    const emails = await Array.fromAsync(client.users.list({ pageSize: 2 }), (u) => u.email)
    expect(emails).toEqual(['admin@acme.test', 'new@acme.test', 'third@acme.test'])
  })

  it('maps 404, 409 DUPLICATE_RESOURCE and 422 to typed errors', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await expect(client.users.get('usr_missing')).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      client.users.create({ email: 'admin@acme.test', name: 'Dup' }),
    ).rejects.toMatchObject({ name: 'ConflictError', code: 'DUPLICATE_RESOURCE' })
    const invalid = await client.users
      .create({ name: 'No email' } as never)
      .catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(ValidationError)
    expect((invalid as ValidationError).details).toEqual([
      { field: 'email', message: expect.stringMatching(/^Invalid input/) },
    ])
    expect(ConflictError.name).toBe('ConflictError')
  })
})
