/**
 * Token-server hardening (RFC 9700, RFC 8725, RFC 7009, RFC 7662): algorithm pinning, signing-key
 * rotation through the JWKS, refresh reuse detection across grant paths, failed-login lockout per
 * account and per IP, and `Cache-Control: no-store` on every token response.
 */
import { createHmac } from 'node:crypto'
import { SignJWT, decodeProtectedHeader, type JWTHeaderParameters } from 'jose'
import { describe, expect, it } from 'vitest'
import { createApp } from '../create-app.ts'
import { createSigningKeys } from '../services/signing-keys.ts'
import {
  PASSWORD,
  bearer,
  createActiveUser,
  createAuthTestApp,
  login,
  tokenRequest,
} from '../testing/auth.ts'
import { body, createTestApp, watchApp, type TestApp } from '../testing/test-app.ts'

const OLD_SECRET = 'old-signing-secret-0123456789-0123456789'
const NEW_SECRET = 'new-signing-secret-9876543210-9876543210'
const HOUR = 3_600_000

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** The claims of a real token, re-signed or unsigned in a hostile way. */
const forge = (token: string, header: Record<string, unknown>, key?: Buffer | string) => {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
  const input = `${b64(header)}.${b64(payload)}`
  const signature =
    key === undefined ? '' : createHmac('sha256', key).update(input).digest('base64url')
  return `${input}.${signature}`
}

const expectInvalidToken = async (t: TestApp, token: string) => {
  const res = await t.app.request('/v1/me', { headers: bearer(token) })
  expect(res.status).toBe(401)
  expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
}

describe('alg pinning (RFC 8725 §3.1)', () => {
  it('refuses alg none, HS256 keyed with the public key, a foreign kid and a missing kid', async () => {
    const t = await createAuthTestApp()
    const user = await createActiveUser(t)
    const { access_token } = await login(t, user.email)
    expect((await t.app.request('/v1/me', { headers: bearer(access_token) })).status).toBe(200)
    const { kid } = decodeProtectedHeader(access_token)
    const keys = await t.app.services.auth.tokens.signingKeys()
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' })
    const publicJwk = JSON.stringify(keys.jwks.keys[0])
    for (const forged of [
      forge(access_token, { alg: 'none', typ: 'at+jwt' }),
      forge(access_token, { alg: 'none', kid }),
      forge(access_token, { alg: 'HS256', kid }, publicPem),
      forge(access_token, { alg: 'HS256', kid }, publicJwk),
      forge(
        access_token,
        { alg: 'HS256', kid },
        keys.publicKey.export({ type: 'spki', format: 'der' }),
      ),
    ])
      await expectInvalidToken(t, forged)

    // A genuine EdDSA signature by a key the server does not know, with or without a kid.
    const stranger = await createSigningKeys('a-stranger-secret-that-nobody-configured')
    const claims = JSON.parse(Buffer.from(access_token.split('.')[1] ?? '', 'base64url').toString())
    for (const header of [
      { alg: 'EdDSA', kid: stranger.kid },
      { alg: 'EdDSA', kid: String(kid) },
      { alg: 'EdDSA' },
    ] as JWTHeaderParameters[])
      await expectInvalidToken(
        t,
        await new SignJWT(claims).setProtectedHeader(header).sign(stranger.privateKey),
      )
  })
})

describe('signing-key rotation through the JWKS', () => {
  it('serves old and new keys by kid; old tokens stay valid until they expire', async () => {
    const before = await createAuthTestApp({ config: { signingKey: OLD_SECRET } })
    const user = await createActiveUser(before)
    const old = await login(before, user.email)
    const oldKid = decodeProtectedHeader(old.access_token).kid

    // "Restart" on the same database with the rotated configuration.
    const rotated = watchApp(
      createApp({
        config: { ...before.config, signingKey: NEW_SECRET, previousSigningKeys: [OLD_SECRET] },
        clock: before.clock,
        store: before.store,
        cache: before.cache,
        logger: before.logger,
      }),
    )
    const jwks = await body(await rotated.request('/.well-known/jwks.json'))
    const kids = jwks.keys.map((k: { kid: string }) => k.kid)
    expect(kids).toHaveLength(2)
    expect(kids[1]).toBe(oldKid)
    expect(jwks.keys.every((k: { d?: string }) => k.d === undefined)).toBe(true)

    const fresh = await rotated.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: user.email,
        password: PASSWORD,
      }),
    })
    const newToken = (await body(fresh)).access_token
    expect(decodeProtectedHeader(newToken).kid).toBe(kids[0])
    expect(kids[0]).not.toBe(oldKid)

    const me = (token: string) => rotated.request('/v1/me', { headers: bearer(token) })
    expect((await me(old.access_token)).status).toBe(200)
    expect((await me(newToken)).status).toBe(200)

    before.clock.advance(HOUR + 1_000)
    const expired = await me(old.access_token)
    expect(expired.status).toBe(401)
    expect((await body(expired)).error.code).toBe('TOKEN_EXPIRED')

    // Once the old secret is dropped, a token it signed no longer verifies at all.
    const dropped = watchApp(
      createApp({
        config: { ...before.config, signingKey: NEW_SECRET, previousSigningKeys: [] },
        clock: before.clock,
        store: before.store,
        cache: before.cache,
        logger: before.logger,
      }),
    )
    const again = await login(before, user.email) // signed with the old key, unexpired
    const res = await dropped.request('/v1/me', { headers: bearer(again.access_token) })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })
})

describe('refresh reuse detection across grant paths (RFC 9700 §4.14.2)', () => {
  it('a refresh token from POST /v1/auth/login, reused at /oauth/token, revokes the family', async () => {
    const t = await createAuthTestApp()
    const user = await createActiveUser(t)
    const res = await t.app.request('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    })
    const first = (await body(res)).data
    const refresh = (token: string) =>
      tokenRequest(t, { grant_type: 'refresh_token', refresh_token: token })
    const rotated = await body(await refresh(first.refresh_token))
    expect(rotated.refresh_token).not.toBe(first.refresh_token)

    const reuse = await refresh(first.refresh_token)
    expect(reuse.status).toBe(400)
    expect(await body(reuse)).toMatchObject({ error: 'invalid_grant' })
    // Every token of the family is dead: the rotated refresh token and both access tokens.
    expect((await refresh(rotated.refresh_token)).status).toBe(400)
    await expectInvalidToken(t, first.access_token)
    await expectInvalidToken(t, rotated.access_token)
    // A new sign-in starts a new family.
    expect(
      (
        await t.app.request('/v1/me', {
          headers: bearer((await login(t, user.email)).access_token),
        })
      ).status,
    ).toBe(200)
  })
})

describe('failed-login lockout per account and per IP (auth class: 10 in 2 minutes)', () => {
  const form = (t: TestApp, fields: Record<string, string>, headers: Record<string, string>) =>
    t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    })

  it('locks an account after 10 failures from 10 IPs, even for the right password', async () => {
    const t = await createTestApp({ config: { trustProxy: true } })
    const user = await createActiveUser(t)
    const attempt = (password: string, ip: string) =>
      form(t, { grant_type: 'password', username: user.email, password }, { 'x-forwarded-for': ip })
    for (let i = 0; i < 10; i++)
      expect((await attempt('wrong-password', `10.0.0.${i}`)).status).toBe(400)

    const locked = await attempt(PASSWORD, '10.0.1.1')
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    const envelope = await body(locked)
    expect(envelope).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } })
    expect(envelope.meta.requestId).toBe(locked.headers.get('x-request-id'))
    // The JSON alias is locked too, with the same envelope.
    const alias = await t.app.request('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.1.2' },
      body: JSON.stringify({ email: user.email.toUpperCase(), password: PASSWORD }),
    })
    expect(alias.status).toBe(429)
    expect((await body(alias)).error.code).toBe('RATE_LIMITED')

    t.clock.advance(2 * 60_000 + 1_000)
    expect((await attempt(PASSWORD, '10.0.1.3')).status).toBe(200)
  })

  it('locks an IP that guesses across accounts, even when it forges bearer headers', async () => {
    const t = await createTestApp({ config: { trustProxy: true } })
    const victim = await createActiveUser(t)
    const ip = { 'x-forwarded-for': '203.0.113.7' }
    for (let i = 0; i < 10; i++) {
      // A fresh fake bearer each time moves the generic limiter to another bucket; the
      // failed-login counter is keyed by the IP regardless.
      const res = await form(
        t,
        { grant_type: 'password', username: `guess${i}@acme.test`, password: 'hunter2-hunter2' },
        { ...ip, authorization: `Bearer fake-${i}` },
      )
      expect(res.status).toBe(400)
    }
    const locked = await form(
      t,
      { grant_type: 'password', username: victim.email, password: PASSWORD },
      { ...ip, authorization: 'Bearer fake-x' },
    )
    expect(locked.status).toBe(429)
    expect((await body(locked)).error.code).toBe('RATE_LIMITED')
    const elsewhere = await form(
      t,
      { grant_type: 'password', username: victim.email, password: PASSWORD },
      { 'x-forwarded-for': '198.51.100.1' },
    )
    expect(elsewhere.status).toBe(200)
  })
})

describe('Cache-Control: no-store on token responses (RFC 6749 §5.1)', () => {
  it('is on every token, refresh, revoke, introspect and login answer, success or error', async () => {
    const t = await createAuthTestApp()
    const user = await createActiveUser(t)
    const post = (path: string, fields: Record<string, string>, headers = {}) =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      })
    const tokens = await login(t, user.email)
    const responses = [
      await post('/oauth/token', {
        grant_type: 'password',
        username: user.email,
        password: PASSWORD,
      }),
      await post('/oauth/token', {
        grant_type: 'password',
        username: user.email,
        password: 'nope-nope',
      }),
      await post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      }),
      await post('/oauth/token', { grant_type: 'client_credentials' }),
      await post('/oauth/introspect', { token: tokens.access_token }, t.acme.headers),
      await post('/oauth/introspect', { token: tokens.access_token }),
      await post('/oauth/revoke', { token: tokens.access_token }),
      await t.app.request('/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      }),
    ]
    expect(responses.map((r) => r.status)).toEqual([200, 400, 200, 400, 200, 401, 200, 200])
    for (const res of responses) expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
