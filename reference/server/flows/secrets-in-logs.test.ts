/** Secrets never reach the logs: passwords, tokens, keys and signup links of a whole run. */
import { describe, expect, it } from 'vitest'
import {
  PASSWORD,
  bearer,
  createActiveUser,
  createAuthTestApp,
  login,
  tokenRequest,
} from '../testing/auth.ts'
import { body } from '../testing/test-app.ts'

describe('log redaction', () => {
  it('a full onboarding and token run logs no password, token or key', async () => {
    const t = await createAuthTestApp()
    const secrets: string[] = [PASSWORD, t.acme.key]
    await t.app.request('/v1/users', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lee@acme.test', name: 'Lee', role: 'member' }),
    })
    await t.app.services.jobs.drain()
    const [mail] = await body(await t.app.request('/_dev/mail'))
    const inviteToken = new URL(mail.links[0]).searchParams.get('token') ?? ''
    secrets.push(inviteToken)
    await t.app.request('/v1/invitations/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: inviteToken, password: PASSWORD }),
    })
    const tokens = await login(t, 'lee@acme.test')
    secrets.push(tokens.access_token, tokens.refresh_token)
    await t.app.request('/v1/me', { headers: bearer(tokens.access_token) })
    await tokenRequest(t, {
      grant_type: 'password',
      username: 'lee@acme.test',
      password: 'Wrong-Pass-123',
    })
    secrets.push('Wrong-Pass-123')
    const refreshed = await body(
      await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    )
    secrets.push(refreshed.refresh_token)
    await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    await t.app.request('/v1/me', { headers: bearer('garbage.token.value') })

    const text = JSON.stringify(t.logs)
    expect(t.logs.length).toBeGreaterThan(5)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })

  it('the hardening paths (lockout, reuse, rotation, MFA, API keys, forged tokens) log no secret', async () => {
    const previous = 'previous-signing-secret-0123456789-abcdef'
    const t = await createAuthTestApp({
      config: { trustProxy: true, rateLimitProfile: 'standard', previousSigningKeys: [previous] },
    })
    const user = await createActiveUser(t, 'admin')
    const secrets: string[] = [PASSWORD, t.acme.key, t.config.signingKey, previous]
    const json = { ...t.acme.headers, 'content-type': 'application/json' }
    const created = await body(
      await t.app.request('/v1/api-keys', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'ci', scopes: ['read'] }),
      }),
    )
    secrets.push(created.data.key)
    const tokens = await login(t, user.email)
    secrets.push(tokens.access_token, tokens.refresh_token)
    const mfa = await body(
      await t.app.request('/v1/me/mfa', { method: 'POST', headers: bearer(tokens.access_token) }),
    )
    secrets.push(mfa.data.secret)
    const rotated = await body(
      await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    )
    secrets.push(rotated.refresh_token, rotated.access_token)
    // Reuse, then a lockout from failed guesses with passwords that must not be logged either.
    await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    for (let i = 0; i < 11; i++) {
      const guess = `guess-password-${i}-xyz`
      secrets.push(guess)
      await t.app.request('/oauth/token', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `192.0.2.${i}`,
        },
        body: new URLSearchParams({
          grant_type: 'password',
          username: user.email,
          password: guess,
        }),
      })
    }
    const forged = `${tokens.access_token.split('.').slice(0, 2).join('.')}.forged-signature`
    secrets.push(forged)
    await t.app.request('/v1/me', { headers: bearer(forged) })
    await t.app.request('/oauth/introspect', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: rotated.refresh_token }).toString(),
    })
    await t.app.request('/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: rotated.access_token }).toString(),
    })

    const text = JSON.stringify(t.logs)
    expect(text).toContain('Too many failed logins')
    for (const secret of secrets) expect(text).not.toContain(secret)
    // Nor the secret half of any key or token (what follows the public prefix).
    for (const secret of [t.acme.key, created.data.key])
      expect(text).not.toContain(secret.slice(13))
  })
})
