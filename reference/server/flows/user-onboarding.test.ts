/**
 * User onboarding end to end (diagrams/users/onboarding.mmd, users/user-creation.mmd): invite,
 * the email from the Background Worker, accept, log in, refresh, deactivate, be refused.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createApiKeyService } from '../services/api-keys.ts'
import { createMemoryMailer } from '../services/mailer.ts'
import { body, createTestApp, type TestApp } from '../testing/test-app.ts'
import { PASSWORD, bearer, createAuthTestApp, login, tokenRequest } from '../testing/auth.ts'

const HOUR = 3_600_000

const json = (t: TestApp, method: string, path: string, payload: unknown, headers = {}) =>
  t.app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...t.acme.headers, ...headers },
    body: JSON.stringify(payload),
  })

const invite = (t: TestApp, email = 'dana@acme.test', role = 'member') =>
  json(t, 'POST', '/v1/users', { email, name: 'Dana Smith', role })

const devMail = async (t: TestApp) => body(await t.app.request('/_dev/mail'))

const tokenFromLink = (link: string) => new URL(link).searchParams.get('token') ?? ''

const accept = (t: TestApp, token: string, password = PASSWORD) =>
  t.app.request('/v1/invitations/accept', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password }),
  })

describe('user onboarding (diagrams/users/onboarding.mmd)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('invite → email → accept → log in → refresh → deactivate → refused', async () => {
    const created = await invite(t)
    expect(created.status).toBe(201)
    const user = (await body(created)).data
    expect(created.headers.get('location')).toBe(`/v1/users/${user.id}`)
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email: 'dana@acme.test',
      name: 'Dana Smith',
      role: 'member',
      status: 'pending_invite',
      createdAt: '2026-11-22T10:00:00.000Z',
    })
    // The job was written with the user, in one transaction.
    const jobs = await t.store.db.selectFrom('jobs').selectAll().execute()
    expect(jobs).toMatchObject([{ type: 'users.send-invitation', state: 'pending' }])
    expect(await devMail(t)).toEqual([])

    expect(await t.app.services.jobs.drain()).toMatchObject({ succeeded: 1 })
    const mail = await devMail(t)
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      to: 'dana@acme.test',
      subject: 'You are invited to Acme on BlueRound',
      sentAt: '2026-11-22T10:00:00.000Z',
    })
    expect(mail[0].links).toHaveLength(1)
    expect(mail[0].links[0]).toMatch(/^http:\/\/127\.0\.0\.1:8787\/signup\?token=inv_/)
    expect(mail[0].text).toContain(mail[0].links[0])
    expect(mail[0].text).toContain('2026-11-24T10:00:00.000Z')
    const logged = await t.store.db.selectFrom('mail_log').selectAll().execute()
    expect(logged).toMatchObject([{ id: jobs[0]?.key, to: 'dana@acme.test' }])

    t.clock.advance(47 * HOUR)
    const accepted = await accept(t, tokenFromLink(mail[0].links[0]))
    expect(accepted.status).toBe(200)
    expect((await body(accepted)).data).toMatchObject({ id: user.id, status: 'active' })
    const again = await accept(t, tokenFromLink(mail[0].links[0]))
    expect(again.status).toBe(400)
    expect((await body(again)).error.code).toBe('VALIDATION_ERROR')

    const tokens = await login(t, 'dana@acme.test')
    const me = await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })
    expect((await body(me)).data.user).toMatchObject({ id: user.id, email: 'dana@acme.test' })
    const refreshed = await body(
      await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    )

    const deactivated = await json(t, 'PATCH', `/v1/users/${user.id}`, { status: 'inactive' })
    expect(deactivated.status).toBe(200)
    expect((await body(deactivated)).data.status).toBe('inactive')
    // Access tokens already issued are refused from the next request on.
    const refused = await t.app.request('/v1/me', { headers: bearer(refreshed.access_token) })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const refresh = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token,
    })
    expect((await body(refresh)).error).toBe('invalid_grant')
    const relogin = await tokenRequest(t, {
      grant_type: 'password',
      username: 'dana@acme.test',
      password: PASSWORD,
    })
    expect(relogin.status).toBe(400)

    const reactivated = await json(t, 'PATCH', `/v1/users/${user.id}`, { status: 'active' })
    expect((await body(reactivated)).data.status).toBe('active')
    const back = await login(t, 'dana@acme.test')
    expect((await t.app.request('/v1/me', { headers: bearer(back.access_token) })).status).toBe(200)
  })

  it('an expired link is 410; a resend replaces it with a new one', async () => {
    const user = (await body(await invite(t))).data
    await t.app.services.jobs.drain()
    const oldToken = tokenFromLink((await devMail(t))[0].links[0])
    t.clock.advance(48 * HOUR)
    const expired = await accept(t, oldToken)
    expect(expired.status).toBe(410)
    expect((await body(expired)).error.code).toBe('INVITATION_EXPIRED')
    expect(
      (await body(await t.app.request(`/v1/users/${user.id}`, { headers: t.acme.headers }))).data
        .status,
    ).toBe('pending_invite')

    const resent = await t.app.request(`/v1/users/${user.id}/invitation`, {
      method: 'POST',
      headers: t.acme.headers,
    })
    expect(resent.status).toBe(202)
    expect((await body(resent)).data.expiresAt).toBe('2026-11-26T10:00:00.000Z')
    await t.app.services.jobs.drain()
    const mail = await devMail(t)
    expect(mail).toHaveLength(2)
    const newToken = tokenFromLink(mail[1].links[0])
    expect(newToken).not.toBe(oldToken)
    expect((await accept(t, oldToken)).status).toBe(400)
    expect((await accept(t, newToken)).status).toBe(200)
  })

  it('a resend before expiry also replaces the link; resending an active user is refused', async () => {
    const user = (await body(await invite(t))).data
    await t.app.services.jobs.drain()
    const first = tokenFromLink((await devMail(t))[0].links[0])
    const resent = await t.app.request(`/v1/users/${user.id}/invitation`, {
      method: 'POST',
      headers: t.acme.headers,
    })
    expect(resent.status).toBe(202)
    await t.app.services.jobs.drain()
    expect((await accept(t, first)).status).toBe(400)
    expect((await accept(t, tokenFromLink((await devMail(t))[1].links[0]))).status).toBe(200)
    const again = await t.app.request(`/v1/users/${user.id}/invitation`, {
      method: 'POST',
      headers: t.acme.headers,
    })
    expect(again.status).toBe(422)
    expect((await body(again)).error.code).toBe('BUSINESS_RULE_VIOLATION')
  })

  it('a duplicate email is 409 DUPLICATE_RESOURCE and enqueues nothing', async () => {
    await invite(t)
    const duplicate = await invite(t, 'DANA@acme.test')
    expect(duplicate.status).toBe(409)
    expect((await body(duplicate)).error).toMatchObject({
      code: 'DUPLICATE_RESOURCE',
      details: [{ field: 'email', message: 'is already registered' }],
    })
    expect(await t.store.db.selectFrom('jobs').selectAll().execute()).toHaveLength(1)
    const existing = await invite(t, t.acme.user.email)
    expect(existing.status).toBe(409)
  })

  it('bad input is 422 VALIDATION_ERROR with field details', async () => {
    const res = await json(t, 'POST', '/v1/users', { email: 'not-an-email', role: 'owner' })
    expect(res.status).toBe(422)
    const fields = (await body(res)).error.details.map((d: { field: string }) => d.field).sort()
    expect(fields).toEqual(['email', 'name', 'role'])
    const defaulted = await json(t, 'POST', '/v1/users', { email: 'm@acme.test', name: 'M' })
    expect((await body(defaulted)).data.role).toBe('member')
    const short = await accept(t, 'inv_x', 'short')
    expect(short.status).toBe(422)
    expect((await body(short)).error.details).toEqual([
      { field: 'password', message: 'must be at least 12 characters' },
    ])
    expect((await accept(t, 'inv_unknown')).status).toBe(400)
  })

  it('a viewer cannot invite (403 INSUFFICIENT_SCOPE); a member cannot resend', async () => {
    await invite(t, 'vera@acme.test', 'viewer')
    await invite(t, 'mo@acme.test', 'member')
    await t.app.services.jobs.drain()
    for (const mail of await devMail(t)) await accept(t, tokenFromLink(mail.links[0]))
    const viewer = await login(t, 'vera@acme.test')
    const denied = await json(
      t,
      'POST',
      '/v1/users',
      { email: 'x@acme.test', name: 'X', role: 'viewer' },
      bearer(viewer.access_token),
    )
    expect(denied.status).toBe(403)
    expect((await body(denied)).error.code).toBe('INSUFFICIENT_SCOPE')
    const list = await t.app.request('/v1/users?page=1&pageSize=2', {
      headers: bearer(viewer.access_token),
    })
    expect(list.status).toBe(200)
    const page = await body(list)
    expect(page.data).toHaveLength(2)
    expect(page.pagination).toMatchObject({ page: 1, pageSize: 2, total: 3, totalPages: 2 })
  })

  it('retries a failed send with backoff and sends exactly once', async () => {
    const flaky = createMemoryMailer()
    let failures = 1
    const t2 = await createTestApp({
      config: { rateLimitProfile: 'bench' },
      mailer: {
        async send(message) {
          if (failures-- > 0) throw new Error('SMTP 451 try again later')
          await flaky.send(message)
        },
      },
    })
    await invite(t2)
    expect(await t2.app.services.jobs.drain()).toMatchObject({ retried: 1 })
    t2.clock.advance(1_000)
    expect(await t2.app.services.jobs.drain()).toMatchObject({ succeeded: 1 })
    // Even if the job ran again (a crash before it was marked done), the send is keyed by it.
    await t2.store.db
      .updateTable('jobs')
      .set({ state: 'pending', run_at: '2000-01-01T00:00:00.000Z' })
      .execute()
    await t2.app.services.jobs.drain()
    expect(flaky.sent).toHaveLength(1)
    expect(flaky.sent[0]?.messageId).toMatch(/^<invitation:inv_.*@blueround\.test>$/)
  })
})

describe('users resource', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('gets, lists, soft-deletes (404 afterwards) and purges after the retention', async () => {
    const user = (await body(await invite(t))).data
    const got = await t.app.request(`/v1/users/${user.id}`, { headers: t.acme.headers })
    expect((await body(got)).data).toEqual(user)
    expect((await t.app.request('/v1/users/usr_missing', { headers: t.acme.headers })).status).toBe(
      404,
    )
    const deleted = await t.app.request(`/v1/users/${user.id}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(deleted.status).toBe(204)
    expect((await t.app.request(`/v1/users/${user.id}`, { headers: t.acme.headers })).status).toBe(
      404,
    )
    const row = await t.store.users.findById(user.id)
    expect(row?.deleted_at).toBe('2026-11-22T10:00:00.000Z')
    t.clock.advance(30 * 24 * HOUR)
    await t.app.services.jobs.drain()
    expect(await t.store.users.findById(user.id)).toBeUndefined()
  })

  it('refuses to deactivate or delete yourself, and a pending user cannot be set active', async () => {
    const self = await json(t, 'PATCH', `/v1/users/${t.acme.user.id}`, { status: 'inactive' })
    expect(self.status).toBe(422)
    const pending = (await body(await invite(t))).data
    const active = await json(t, 'PATCH', `/v1/users/${pending.id}`, { status: 'active' })
    expect(active.status).toBe(422)
    const empty = await json(t, 'PATCH', `/v1/users/${pending.id}`, {})
    expect(empty.status).toBe(422)
    const del = await t.app.request(`/v1/users/${t.acme.user.id}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(del.status).toBe(422)
  })

  it('/_dev/mail is 404 in production', async () => {
    const prod = await createTestApp({ config: { mode: 'production' } })
    expect((await prod.app.request('/_dev/mail')).status).toBe(404)
  })
})

describe('deactivation and API keys', () => {
  it("a deactivated user's API keys are refused at once, and work again after reactivation", async () => {
    const t = await createAuthTestApp()
    // A member of Acme with an API key of their own, managed by Acme's admin through the API.
    const now = new Date(t.clock.now()).toISOString()
    const member = await t.store.users.create({
      id: 'usr_member0000000001',
      organization_id: t.acme.organization.id,
      email: 'member@acme.test',
      name: 'Acme member',
      role: 'member',
      password_hash: 'scrypt$test$not-a-real-hash',
      created_at: now,
    })
    const { key } = await createApiKeyService(t.store, t.clock).issue(
      { organizationId: t.acme.organization.id, userId: member.id },
      { name: 'member key', scopes: ['read'], expiresAt: null },
    )
    const headers = { authorization: `Bearer ${key}` }
    const setStatus = (status: 'active' | 'inactive') =>
      t.app.request(`/v1/users/${member.id}`, {
        method: 'PATCH',
        headers: { ...t.acme.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      })
    // The first request caches the verified key; deactivation must still win at once.
    expect((await t.app.request('/v1/me', { headers })).status).toBe(200)
    expect((await setStatus('inactive')).status).toBe(200)
    const refused = await t.app.request('/v1/me', { headers })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect((await setStatus('active')).status).toBe(200)
    expect((await t.app.request('/v1/me', { headers })).status).toBe(200)
  })
})
