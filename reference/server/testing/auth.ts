/**
 * @module Test helpers for the auth and users suites: users with real scrypt passwords, the
 * password grant, and an app with the bench rate-limit profile (token tests log in often).
 */
import { newId } from '../lib/ids.ts'
import { hashPassword } from '../services/password.ts'
import type { UserRole } from '../store/index.ts'
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts'

export const PASSWORD = 'correct horse battery staple'

/** A test app whose rate limits do not get in the way of many logins. */
export const createAuthTestApp = (options: TestAppOptions = {}) =>
  createTestApp({ ...options, config: { rateLimitProfile: 'bench', ...options.config } })

/** An active user of Acme with {@link PASSWORD}. */
export const createActiveUser = async (t: TestApp, role: UserRole = 'member', email?: string) => {
  const now = new Date(t.clock.now()).toISOString()
  return t.store.users.create({
    id: newId('usr'),
    organization_id: t.acme.organization.id,
    email: email ?? `${role}-${newId('usr').slice(4, 10).toLowerCase()}@acme.test`,
    name: `Acme ${role}`,
    role,
    password_hash: await hashPassword(PASSWORD),
    status: 'active',
    created_at: now,
    updated_at: now,
  })
}

/** `POST /oauth/token` with a form body. */
export const tokenRequest = (t: TestApp, fields: Record<string, string>) =>
  t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })

export interface Tokens {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
  scope: string
}

/** The password grant; throws unless it succeeds. */
export const login = async (
  t: TestApp,
  email: string,
  extra: Record<string, string> = {},
): Promise<Tokens> => {
  const res = await tokenRequest(t, {
    grant_type: 'password',
    username: email,
    password: PASSWORD,
    ...extra,
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as Tokens
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
