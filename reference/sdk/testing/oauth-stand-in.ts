/**
 * @module CONTRACT STAND-IN, for tests only. The reference server gets `POST /oauth/token` and
 * `/v1/users` with the auth issue; until then the SDK's OAuth and users code is tested against
 * this small real Hono app, which implements just that contract:
 *
 * - `POST /oauth/token` (form-encoded): `grant_type=password` and `grant_type=refresh_token`,
 *   access tokens that expire after 3600 s, rotating refresh tokens (a used one is rejected with
 *   400 `invalid_grant`);
 * - `GET /v1/me`, `GET /v1/users`, `GET /v1/users/{id}`, `POST /v1/users` in BlueRound's
 *   envelopes, 401 UNAUTHORIZED for a missing, unknown, expired or revoked access token, 409
 *   DUPLICATE_RESOURCE for a taken email.
 *
 * Tests that use it are listed in the SDK report; switch them to the real server when it lands.
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { Hono, type Context } from 'hono'

export const STAND_IN_USER = { username: 'admin@acme.test', password: 'blueround-dev-admin' }
export const ACCESS_TTL_S = 3600

interface StandInUser {
  id: string
  email: string
  name: string
  role: 'admin' | 'member'
  status: 'pending_invite' | 'active' | 'inactive'
  createdAt: string
}

export interface StandInOptions {
  clock: { now(): number }
  /** Whether token responses include a refresh token. @default true */
  issueRefreshTokens?: boolean
}

export const createOAuthStandIn = (options: StandInOptions) => {
  const { clock } = options
  let counter = 0
  const next = (prefix: string) => `${prefix}_${(counter += 1).toString().padStart(6, '0')}`
  const access = new Map<string, { expiresAt: number; revoked: boolean }>()
  const refresh = new Map<string, { used: boolean }>()
  const users: StandInUser[] = [
    {
      id: 'usr_98765',
      email: STAND_IN_USER.username,
      name: 'Acme Admin',
      role: 'admin',
      status: 'active',
      createdAt: new Date(clock.now()).toISOString(),
    },
  ]
  const control = {
    /** Token requests received, by grant type. */
    tokenRequests: { password: 0, refresh_token: 0 },
    /** When set, the token endpoint answers with this status. */
    tokenFailure: undefined as number | undefined,
    /** When set, token responses wait for this promise (to hold refreshes in flight). */
    tokenGate: undefined as Promise<void> | undefined,
    /** API requests received, with the bearer token each carried. */
    apiRequests: [] as { method: string; path: string; token: string | undefined }[],
    /** Marks an access token revoked: the API answers 401 to it before it expires. */
    revoke(token: string) {
      const entry = access.get(token)
      if (entry !== undefined) entry.revoked = true
    },
    users,
  }

  const meta = (c: Context) => ({
    timestamp: new Date(clock.now()).toISOString(),
    requestId: c.get('requestId' as never) as string,
  })
  const fail = (c: Context, status: 401 | 404 | 409 | 422, code: string, message: string) =>
    c.json({ success: false, error: { code, message }, meta: meta(c) }, status)

  const issue = (scope = 'read write admin') => {
    const accessToken = next('at')
    access.set(accessToken, { expiresAt: clock.now() + ACCESS_TTL_S * 1000, revoked: false })
    const pair: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TTL_S,
      scope,
    }
    if (options.issueRefreshTokens !== false) {
      const refreshToken = next('rt')
      refresh.set(refreshToken, { used: false })
      pair['refresh_token'] = refreshToken
    }
    return pair
  }

  const app = new Hono()
  app.use('*', async (c, nextHandler) => {
    const requestId = crypto.randomUUID()
    c.set('requestId' as never, requestId as never)
    c.header('X-Request-ID', requestId)
    await nextHandler()
  })

  app.post('/oauth/token', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    const grant = form.get('grant_type')
    if (grant === 'password' || grant === 'refresh_token') control.tokenRequests[grant] += 1
    if (control.tokenGate !== undefined) await control.tokenGate
    if (control.tokenFailure !== undefined)
      return c.json(
        { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'Auth Service down' } },
        control.tokenFailure as 503,
      )
    const invalid = (description: string) =>
      c.json({ error: 'invalid_grant', error_description: description }, 400)
    if (grant === 'password') {
      if (
        form.get('username') !== STAND_IN_USER.username ||
        form.get('password') !== STAND_IN_USER.password
      )
        return invalid('Wrong username or password')
      return c.json(issue())
    }
    if (grant === 'refresh_token') {
      const entry = refresh.get(form.get('refresh_token') ?? '')
      if (entry === undefined || entry.used) return invalid('Unknown or already used refresh token')
      entry.used = true // rotation: each refresh token works once
      return c.json(issue())
    }
    return c.json({ error: 'unsupported_grant_type' }, 400)
  })

  app.use('/v1/*', async (c, nextHandler) => {
    const header = c.req.header('authorization')
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined
    control.apiRequests.push({ method: c.req.method, path: c.req.path, token })
    const entry = token === undefined ? undefined : access.get(token)
    if (entry === undefined || entry.revoked || clock.now() >= entry.expiresAt)
      return fail(c, 401, 'UNAUTHORIZED', 'Invalid or expired access token')
    await nextHandler()
    return undefined
  })

  const admin = users[0] as StandInUser
  app.get('/v1/me', (c) =>
    c.json({
      success: true,
      data: {
        user: { id: admin.id, email: admin.email, name: admin.name, role: admin.role },
        organization: { id: 'org_acme', name: 'Acme', slug: 'acme', status: 'active' },
        credential: { kind: 'jwt', id: 'jwt', scopes: ['read', 'write', 'admin'] },
      },
      meta: { ...meta(c), version: 'v1' },
    }),
  )
  app.get('/v1/users', (c) => {
    const page = Number(c.req.query('page') ?? 1)
    const pageSize = Number(c.req.query('pageSize') ?? 20)
    const totalPages = Math.ceil(users.length / pageSize)
    return c.json({
      success: true,
      data: users.slice((page - 1) * pageSize, page * pageSize),
      pagination: {
        page,
        pageSize,
        total: users.length,
        totalPages,
        hasNextPage: page < totalPages,
        hasPreviousPage: page > 1,
      },
      meta: { ...meta(c), version: 'v1' },
    })
  })
  app.get('/v1/users/:id', (c) => {
    const user = users.find((u) => u.id === c.req.param('id'))
    if (user === undefined) return fail(c, 404, 'NOT_FOUND', 'User not found')
    return c.json({ success: true, data: user, meta: { ...meta(c), version: 'v1' } })
  })
  app.post('/v1/users', async (c) => {
    const body = (await c.req.json()) as Partial<StandInUser>
    if (typeof body.email !== 'string' || typeof body.name !== 'string')
      return c.json(
        {
          success: false,
          error: {
            code: 'VALIDATION_ERROR',
            message: 'Invalid input parameters',
            details: [{ field: 'email', message: 'Required' }],
          },
          meta: meta(c),
        },
        422,
      )
    if (users.some((u) => u.email === body.email))
      return fail(c, 409, 'DUPLICATE_RESOURCE', 'A user with this email already exists')
    const user: StandInUser = {
      id: next('usr'),
      email: body.email,
      name: body.name,
      role: body.role ?? 'member',
      status: 'pending_invite',
      createdAt: new Date(clock.now()).toISOString(),
    }
    users.push(user)
    return c.json({ success: true, data: user, meta: { ...meta(c), version: 'v1' } }, 201)
  })

  return { app, control }
}

/** Serves the stand-in on a free loopback port. */
export const listenStandIn = (app: Hono): Promise<{ url: string; close(): Promise<void> }> =>
  new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done())
              if ('closeAllConnections' in server) server.closeAllConnections()
            }),
        }),
    )
  })
