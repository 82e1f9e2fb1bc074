/**
 * @module Test helper: an SDK client signed in with OAuth (password grant) to the REAL reference
 * server, in process, with a fake clock shared by both sides. The fetch wrapper only observes
 * (counts token requests, records API requests) and can simulate what a test needs around the
 * server: an Auth Service outage (`tokenFailure`), an access token the API no longer accepts
 * (`revoke`: the token is replaced by an invalid one, so the server itself answers 401), a server
 * that issues no refresh tokens, and requests held back behind a gate.
 */
import { hashPassword } from '../../server/services/password.ts'
import { ACCESS_TOKEN_TTL_S } from '../../server/services/tokens.ts'
import { createTestApp } from '../../server/testing/test-app.ts'
import { Client } from '../src/client.ts'
import type { ClientOptions } from '../src/options.ts'
import { createFakeTime } from './fake-time.ts'
import { createFlowRecorder } from './flow-recorder.ts'
import { IN_PROCESS_URL } from './reference-server.ts'

/** The Acme admin of the server's test harness, with a real scrypt password. */
export const OAUTH_USER = { username: 'admin@acme.test', password: 'blueround-dev-admin' }
export const ACCESS_TTL_S = ACCESS_TOKEN_TTL_S

export interface OAuthHarnessOptions {
  /** Strip `refresh_token` from token responses, as a server that issues none would. */
  issueRefreshTokens?: boolean
}

export const oauthHarness = async (options: OAuthHarnessOptions = {}) => {
  const t = await createTestApp({ config: { rateLimitProfile: 'bench' } })
  await t.store.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(OAUTH_USER.password) })
    .where('id', '=', t.acme.user.id)
    .execute()
  const time = createFakeTime(t.clock)
  const flows = createFlowRecorder()
  const revoked = new Set<string>()
  const control = {
    tokenRequests: { password: 0, refresh_token: 0 },
    apiRequests: [] as { path: string; token: string | undefined }[],
    /** When set, `/oauth/token` answers with this status, as an unreachable Auth Service would. */
    tokenFailure: undefined as number | undefined,
    /** From now on the API refuses this access token (the server answers 401 itself). */
    revoke: (token: string) => {
      revoked.add(token)
    },
  }
  /** Requests whose `x-test-hold` header names a gate wait until the gate is opened. */
  const gates = new Map<string, { promise: Promise<void>; open: () => void }>()
  const gate = (name: string) => {
    let open = () => {}
    const promise = new Promise<void>((resolve) => {
      open = resolve
    })
    gates.set(name, { promise, open })
    return open
  }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    let request = new Request(input, init)
    const path = new URL(request.url).pathname
    const hold = request.headers.get('x-test-hold')
    if (hold !== null) await gates.get(hold)?.promise
    if (path === '/oauth/token') {
      const grant = new URLSearchParams(await request.clone().text()).get('grant_type')
      if (grant === 'password' || grant === 'refresh_token') control.tokenRequests[grant] += 1
      if (control.tokenFailure !== undefined)
        return Response.json(
          {
            success: false,
            error: { code: 'SERVICE_UNAVAILABLE', message: 'Auth Service unavailable' },
            meta: { timestamp: new Date(t.clock.now()).toISOString(), requestId: 'simulated' },
          },
          { status: control.tokenFailure },
        )
      const response = await t.app.fetch(request)
      if (options.issueRefreshTokens !== false || response.status !== 200) return response
      const { refresh_token: _dropped, ...rest } = (await response.json()) as Record<
        string,
        unknown
      >
      return Response.json(rest, { status: 200, headers: { 'cache-control': 'no-store' } })
    }
    const token = request.headers.get('authorization')?.slice(7)
    if (path.startsWith('/v1/')) control.apiRequests.push({ path, token })
    if (token !== undefined && revoked.has(token)) {
      const headers = new Headers(request.headers)
      headers.set('authorization', 'Bearer revoked.in.test')
      request = new Request(request, { headers })
    }
    return t.app.fetch(request)
  }
  /** Sends a token request straight to the server, as another process sharing the tokens would. */
  const useRefreshToken = async (refreshToken: string) =>
    t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }).toString(),
    })
  return {
    t,
    userId: t.acme.user.id,
    control,
    clock: t.clock,
    time,
    flows,
    fetch,
    gate,
    useRefreshToken,
    client: (overrides: ClientOptions = {}) =>
      new Client({
        oauth: { ...OAUTH_USER },
        baseUrl: IN_PROCESS_URL,
        fetch,
        sleep: time.sleep,
        now: time.now,
        random: () => 0.5,
        onEvent: flows.onEvent,
        ...overrides,
      }),
  }
}
