import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { body } from '../../testing/test-app.ts'
import {
  PASSWORD,
  bearer,
  createActiveUser,
  createAuthTestApp,
  login,
  tokenRequest,
} from '../../testing/auth.ts'
import type { TestApp } from '../../testing/test-app.ts'
import { ROLE_SCOPES } from '../../services/permissions.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

const form = (t: TestApp, path: string, fields: Record<string, string>, headers = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

const family = (t: TestApp, userId: string) =>
  t.store.db.selectFrom('token_families').selectAll().where('user_id', '=', userId).execute()

describe('password grant (diagrams/auth/token-endpoint.mmd, auth/http-login.mmd)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('issues a signed JWT and an opaque refresh token, no-store, with the role scopes', async () => {
    const user = await createActiveUser(t, 'member')
    const res = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: PASSWORD,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const tokens = await body(res)
    expect(Object.keys(tokens).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ])
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    expect(tokens.scope).toBe(ROLE_SCOPES.member.join(' '))
    expect(tokens.refresh_token).toMatch(/^brt_[\w-]{43}$/)

    const jwks = await body(await t.app.request('/.well-known/jwks.json'))
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(decodeProtectedHeader(tokens.access_token).kid).toBe(jwks.keys[0].kid)
    const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(jwks), {
      currentDate: new Date(t.clock.now()),
    })
    expect(payload).toMatchObject({
      sub: user.id,
      org: t.acme.organization.id,
      scope: tokens.scope,
    })
    expect(payload.exp! - payload.iat!).toBe(3600)
    expect(payload.jti).toMatch(/^jti_/)

    const rows = await t.store.db.selectFrom('refresh_tokens').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(tokens.refresh_token)

    const me = await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })
    expect(me.status).toBe(200)
    expect((await body(me)).data).toMatchObject({
      user: { id: user.id, role: 'member' },
      credential: { kind: 'jwt', id: payload.jti },
    })
  })

  it('answers a wrong password and an unknown email identically (invalid_grant)', async () => {
    const user = await createActiveUser(t)
    const wrong = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: 'not the password',
    })
    const unknown = await tokenRequest(t, {
      grant_type: 'password',
      username: 'nobody@acme.test',
      password: 'not the password',
    })
    expect(wrong.status).toBe(400)
    expect(unknown.status).toBe(400)
    const a = await body(wrong)
    expect(a).toEqual({ error: 'invalid_grant', error_description: 'Invalid username or password' })
    expect(await body(unknown)).toEqual(a)
    expect(wrong.headers.get('cache-control')).toBe('no-store')
  })

  it('refuses missing fields, a missing or unsupported grant_type and a non-form body', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: 'password', username: 'a@acme.test' }, 'invalid_request'],
      [{}, 'invalid_request'],
      [{ grant_type: 'client_credentials' }, 'unsupported_grant_type'],
      [{ grant_type: 'refresh_token' }, 'invalid_request'],
    ]
    for (const [fields, error] of cases) {
      const res = await tokenRequest(t, fields)
      expect(res.status).toBe(400)
      expect((await body(res)).error).toBe(error)
    }
    const json = await t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password' }),
    })
    // The endpoint takes application/x-www-form-urlencoded only (RFC 6749 §3.2).
    expect(json.status).toBe(415)
  })

  it('grants a narrower scope, and refuses one beyond the role (invalid_scope)', async () => {
    const user = await createActiveUser(t, 'viewer')
    const narrow = await login(t, user.email, { scope: 'read users:read' })
    expect(narrow.scope).toBe('read users:read')
    for (const scope of ['users:write', 'nonsense']) {
      const res = await tokenRequest(t, {
        grant_type: 'password',
        username: user.email,
        password: PASSWORD,
        scope,
      })
      expect(res.status).toBe(400)
      expect((await body(res)).error).toBe('invalid_scope')
    }
  })

  it('refuses pending and inactive users like a wrong password', async () => {
    const user = await createActiveUser(t)
    await t.store.db.updateTable('users').set({ status: 'inactive' }).execute()
    const res = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: PASSWORD,
    })
    expect(res.status).toBe(400)
    expect(await body(res)).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid username or password',
    })
  })
})

describe('refresh grant and reuse detection (diagrams/auth/token-endpoint.mmd)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('rotates the refresh token on every refresh', async () => {
    const user = await createActiveUser(t)
    const first = await login(t, user.email)
    const res = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const second = await body(res)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.scope).toBe(first.scope)
    const rows = await t.store.db.selectFrom('refresh_tokens').selectAll().execute()
    expect(rows.map((r) => r.used_at === null).sort()).toEqual([false, true])
  })

  it('a reused refresh token revokes the whole family (RFC 9700 §4.14.2)', async () => {
    const user = await createActiveUser(t)
    const first = await login(t, user.email)
    const second = await body(
      await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    )
    const reuse = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(reuse.status).toBe(400)
    expect((await body(reuse)).error).toBe('invalid_grant')
    const [row] = await family(t, user.id)
    expect(row).toMatchObject({ revoked_reason: 'refresh_token_reuse', lifecycle: 'Revoked' })
    // The newest pair died with it.
    const next = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token,
    })
    expect((await body(next)).error).toBe('invalid_grant')
    const me = await t.app.request('/v1/me', { headers: bearer(second.access_token) })
    expect(me.status).toBe(401)
    expect(me.headers.get('www-authenticate')).toBe(
      'Bearer realm="blueround", error="invalid_token"',
    )
    expect((await body(me)).error.code).toBe('UNAUTHORIZED')
  })

  it('refuses an unknown refresh token', async () => {
    const res = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: 'brt_nope' })
    expect(res.status).toBe(400)
    expect(await body(res)).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown refresh token',
    })
  })

  it('may narrow but never widen the scope', async () => {
    const user = await createActiveUser(t, 'admin')
    const first = await login(t, user.email, { scope: 'read users:read' })
    const wider = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: 'read users:read users:write',
    })
    expect(wider.status).toBe(400)
    expect((await body(wider)).error).toBe('invalid_scope')
    const narrower = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: 'users:read',
    })
    expect(narrower.status).toBe(200)
    expect((await body(narrower)).scope).toBe('users:read')
  })

  it('refuses a refresh token older than 30 days', async () => {
    const user = await createActiveUser(t)
    const first = await login(t, user.email)
    t.clock.advance(30 * DAY)
    const res = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(res.status).toBe(400)
    expect((await body(res)).error_description).toBe('Refresh token expired; sign in again')
    expect((await family(t, user.id))[0]?.lifecycle).toBe('Invalid')
  })

  it('refuses a refresh for a user who has been deactivated since', async () => {
    const user = await createActiveUser(t)
    const first = await login(t, user.email)
    await t.store.db
      .updateTable('users')
      .set({ status: 'inactive' })
      .where('id', '=', user.id)
      .execute()
    const res = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(res.status).toBe(400)
    expect(await body(res)).toEqual({
      error: 'invalid_grant',
      error_description: 'The user is not active',
    })
  })
})

describe('bearer errors (RFC 6750, diagrams/auth/token-flow.mmd)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('an expired access token is 401 TOKEN_EXPIRED; a refresh brings the family back', async () => {
    const user = await createActiveUser(t)
    const tokens = await login(t, user.email)
    t.clock.advance(HOUR - 1000)
    expect((await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })).status).toBe(
      200,
    )
    t.clock.advance(1000)
    const res = await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="blueround", error="invalid_token", error_description="The access token expired"',
    )
    expect((await body(res)).error).toMatchObject({ code: 'TOKEN_EXPIRED' })
    expect((await family(t, user.id))[0]?.lifecycle).toBe('Expired')
    const refreshed = await body(
      await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    )
    expect((await family(t, user.id))[0]?.lifecycle).toBe('Active')
    const me = await t.app.request('/v1/me', { headers: bearer(refreshed.access_token) })
    expect(me.status).toBe(200)
  })

  it('a tampered or foreign token is 401 UNAUTHORIZED with error="invalid_token"', async () => {
    const user = await createActiveUser(t)
    const { access_token } = await login(t, user.email)
    const [h, p, s = ''] = access_token.split('.')
    // Change one character inside the signature: its last characters can carry only padding
    // bits, so editing them may leave the decoded signature unchanged.
    const flipped = s[10] === 'A' ? 'B' : 'A'
    const tampered = `${h}.${p}.${s.slice(0, 10)}${flipped}${s.slice(11)}`
    for (const token of [tampered, 'not-a-token', 'brk_abcdefgh_' + 'x'.repeat(40)]) {
      const res = await t.app.request('/v1/me', { headers: bearer(token) })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
      expect((await body(res)).error.code).toBe('UNAUTHORIZED')
    }
    const none = await t.app.request('/v1/me')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="blueround"')
  })

  it('a token without the route scope is 403 INSUFFICIENT_SCOPE, error="insufficient_scope"', async () => {
    const user = await createActiveUser(t, 'admin')
    const { access_token } = await login(t, user.email, { scope: 'users:read' })
    const res = await t.app.request('/v1/me', { headers: bearer(access_token) })
    expect(res.status).toBe(403)
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="blueround", error="insufficient_scope", scope="read"',
    )
    expect((await body(res)).error.code).toBe('INSUFFICIENT_SCOPE')
    expect((await t.app.request('/v1/users', { headers: bearer(access_token) })).status).toBe(200)
  })
})

describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('revoke answers 200 for unknown tokens and 400 without a token', async () => {
    const unknown = await form(t, '/oauth/revoke', { token: 'whatever' })
    expect(unknown.status).toBe(200)
    expect(await unknown.text()).toBe('')
    const missing = await form(t, '/oauth/revoke', {})
    expect(missing.status).toBe(400)
    expect((await body(missing)).error).toBe('invalid_request')
  })

  it('revoking the refresh token ends the access tokens of its family at once', async () => {
    const user = await createActiveUser(t)
    const tokens = await login(t, user.email)
    expect((await form(t, '/oauth/revoke', { token: tokens.refresh_token })).status).toBe(200)
    const me = await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })
    expect(me.status).toBe(401)
    expect((await family(t, user.id))[0]).toMatchObject({
      lifecycle: 'Revoked',
      revoked_reason: 'revoked',
    })
    const refresh = await tokenRequest(t, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    })
    expect((await body(refresh)).error).toBe('invalid_grant')
  })

  it('revoking an access token after it expired revokes its family too', async () => {
    const user = await createActiveUser(t)
    const tokens = await login(t, user.email)
    t.clock.advance(2 * HOUR)
    expect((await form(t, '/oauth/revoke', { token: tokens.access_token })).status).toBe(200)
    expect((await family(t, user.id))[0]?.lifecycle).toBe('Revoked')
  })

  it('introspection needs a credential and tells an inactive token only active: false', async () => {
    const user = await createActiveUser(t)
    const tokens = await login(t, user.email)
    const anonymous = await form(t, '/oauth/introspect', { token: tokens.access_token })
    expect(anonymous.status).toBe(401)
    expect((await body(anonymous)).error).toBe('invalid_token')

    const active = await form(
      t,
      '/oauth/introspect',
      { token: tokens.access_token },
      t.acme.headers,
    )
    expect(active.status).toBe(200)
    expect(await body(active)).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: user.id,
      org: t.acme.organization.id,
      scope: tokens.scope,
    })
    const refresh = await form(
      t,
      '/oauth/introspect',
      { token: tokens.refresh_token },
      t.acme.headers,
    )
    expect(await body(refresh)).toMatchObject({ active: true, token_type: 'refresh_token' })

    await form(t, '/oauth/revoke', { token: tokens.access_token })
    for (const token of [tokens.access_token, tokens.refresh_token, 'garbage']) {
      const res = await form(t, '/oauth/introspect', { token }, t.acme.headers)
      expect(await body(res)).toEqual({ active: false })
    }
    const missing = await form(t, '/oauth/introspect', {}, t.acme.headers)
    expect(missing.status).toBe(400)
  })
})
