/** Secrets never reach the logs: passwords, tokens, keys and signup links of a whole run. */
import { describe, expect, it } from 'vitest'
import { PASSWORD, bearer, createAuthTestApp, login, tokenRequest } from '../testing/auth.ts'
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
})
