/** HTTP login (diagrams/auth/http-login.mmd): the login alias, MFA with TOTP, and the session. */
import { beforeEach, describe, expect, it } from 'vitest'
import { createTestConfig } from '../config/index.ts'
import { createApp } from '../create-app.ts'
import { createFakeClock } from '../lib/clock.ts'
import { seed } from '../services/seed.ts'
import { createMemoryCache } from '../store/cache/memory-cache.ts'
import { createSqliteStore } from '../store/index.ts'
import { currentTotp } from '../services/mfa.ts'
import {
  PASSWORD,
  bearer,
  createActiveUser,
  createAuthTestApp,
  login,
  tokenRequest,
} from '../testing/auth.ts'
import { body, createCapturedLogger, watchApp, type TestApp } from '../testing/test-app.ts'

const loginAlias = (t: TestApp, payload: unknown) =>
  t.app.request('/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })

describe('login alias POST /v1/auth/login', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createAuthTestApp()
  })

  it('returns the password grant pair in the envelope and records the session', async () => {
    const user = await createActiveUser(t)
    const res = await loginAlias(t, { email: user.email, password: PASSWORD })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { data, success } = await body(res)
    expect(success).toBe(true)
    expect(data).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    const [family] = await t.store.db.selectFrom('token_families').selectAll().execute()
    const session = await t.cache.get(`session:${family?.id}`)
    expect(JSON.parse(session ?? '{}')).toEqual({ userId: user.id, createdAt: family?.created_at })
    expect((await t.app.request('/v1/me', { headers: bearer(data.access_token) })).status).toBe(200)
  })

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const user = await createActiveUser(t)
    const wrong = await loginAlias(t, { email: user.email, password: 'nope' })
    const unknown = await loginAlias(t, { email: 'ghost@acme.test', password: 'nope' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect((await body(wrong)).error).toEqual((await body(unknown)).error)
    const invalid = await loginAlias(t, { email: 'nope' })
    expect(invalid.status).toBe(422)
  })

  it('is rate limited in the auth class', async () => {
    const strict = await createAuthTestApp({ config: { rateLimitProfile: 'standard' } })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push((await loginAlias(strict, { email: 'x@acme.test', password: 'y' })).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses[10]).toBe(429)
  })
})

describe('MFA with TOTP (RFC 6238)', () => {
  it('after enrolment the password grant needs a valid otp', async () => {
    const t = await createAuthTestApp()
    const user = await createActiveUser(t)
    const tokens = await login(t, user.email)
    const start = await t.app.request('/v1/me/mfa', {
      method: 'POST',
      headers: bearer(tokens.access_token),
    })
    expect(start.status).toBe(201)
    const { secret, otpauthUri } = (await body(start)).data
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/BlueRound:/)
    const confirm = (otp: string) =>
      t.app.request('/v1/me/mfa/confirm', {
        method: 'POST',
        headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
        body: JSON.stringify({ otp }),
      })
    const wrongCode = currentTotp(secret, t.clock.now() + 10 * 60_000)
    expect((await confirm(wrongCode)).status).toBe(422)
    const confirmed = await confirm(currentTotp(secret, t.clock.now()))
    expect((await body(confirmed)).data).toEqual({ mfaEnabled: true })

    const without = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: PASSWORD,
    })
    expect(without.status).toBe(400)
    expect(await body(without)).toEqual({
      error: 'invalid_grant',
      error_description: 'A valid one-time password (otp) is required',
    })
    const stale = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: PASSWORD,
      otp: currentTotp(secret, t.clock.now() - 5 * 60_000),
    })
    expect(stale.status).toBe(400)
    t.clock.advance(30_000)
    const ok = await login(t, user.email, { otp: currentTotp(secret, t.clock.now()) })
    expect(ok.token_type).toBe('Bearer')
    // A wrong password with a right code still says nothing more than invalid_grant.
    const wrong = await tokenRequest(t, {
      grant_type: 'password',
      username: user.email,
      password: 'wrong password',
      otp: currentTotp(secret, t.clock.now()),
    })
    expect((await body(wrong)).error_description).toBe('Invalid username or password')
  })
})

describe('dev seed account', () => {
  it('the seeded admin signs in with the password grant (BLUEROUND_ADMIN_PASSWORD)', async () => {
    const config = createTestConfig({ seedDevData: true })
    const clock = createFakeClock()
    const store = createSqliteStore({ path: ':memory:' })
    await store.migrate()
    const seeded = await seed(store, config, clock)
    expect(seeded.admin.status).toBe('active')
    const app = watchApp(
      createApp({
        config,
        clock,
        store,
        cache: createMemoryCache(clock),
        logger: createCapturedLogger().logger,
      }),
    )
    const res = await app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: config.adminEmail,
        password: config.adminPassword,
      }).toString(),
    })
    expect(res.status).toBe(200)
    const { access_token } = await body(res)
    const me = await app.request('/v1/me', { headers: bearer(access_token) })
    expect((await body(me)).data.user).toMatchObject({ email: 'admin@acme.test', role: 'admin' })
    await store.close()
  })
})
