/**
 * OAuth behaviour against the real reference server (`POST /oauth/token`, JWT access tokens,
 * rotating refresh tokens), in process with a shared fake clock (`testing/oauth-harness.ts`).
 */
import { describe, expect, it } from 'vitest'
import { ACCESS_TTL_S, OAUTH_USER, oauthHarness } from '../../testing/oauth-harness.ts'
import { AuthenticationError, RedcoreAPIError } from '../errors/index.ts'
import type { TokenPair, TokenStore } from './token-store.ts'

const HOUR = ACCESS_TTL_S * 1000

describe('OAuth password grant and silent refresh (reference server)', () => {
  it('signs in with grant_type=password on the first call and stores the pair', async () => {
    const h = await oauthHarness()
    const client = h.client()
    const user = await client.users.get(h.userId)
    expect(user).toMatchObject({ id: h.userId, email: 'admin@acme.test', status: 'active' })
    expect(h.control.tokenRequests).toEqual({ password: 1, refresh_token: 0 })
    const pair = await client.tokenStore?.get(`http://127.0.0.1:8787#${OAUTH_USER.username}`)
    expect(pair).toMatchObject({
      accessToken: expect.stringMatching(/^eyJ/),
      expiresAt: h.clock.now() + HOUR,
    })
    const [first] = h.flows.runs('sdk/authentication')
    expect(h.flows.steps('sdk/authentication', first)).toEqual([
      'start',
      'credentialKind',
      'readStore',
      'hasAccess',
      'hasPassword',
      'passwordGrant',
      'tokenOk',
      'storePair',
      'useToken',
      'send',
      'status',
      'success',
    ])
    expect(h.flows.steps('sdk/integration-sequence')).toEqual([
      'OAuth, no token yet',
      'OAuth, access token valid',
    ])
  })

  it('refreshes an expired access token silently with grant_type=refresh_token and stores the rotated pair', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    const key = `http://127.0.0.1:8787#${OAUTH_USER.username}`
    const before = await client.tokenStore?.get(key)
    h.clock.advance(HOUR)
    await client.users.get(h.userId)
    const after = await client.tokenStore?.get(key)
    expect(h.control.tokenRequests).toEqual({ password: 1, refresh_token: 1 })
    expect(after?.accessToken).not.toBe(before?.accessToken)
    expect(after?.refreshToken).not.toBe(before?.refreshToken)
    expect(h.flows.steps('sdk/authentication', h.flows.runs('sdk/authentication').at(-1))).toEqual([
      'start',
      'credentialKind',
      'readStore',
      'hasAccess',
      'isExpired',
      'hasRefresh',
      'refresh',
      'tokenOk',
      'storePair',
      'useToken',
      'send',
      'status',
      'success',
    ])
    expect(h.flows.steps('sdk/integration-sequence').at(-1)).toBe('OAuth, access token expired')
  })

  it('refreshes 30 s before expiry, not after a request has failed', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    h.clock.advance(HOUR - 29_000)
    await client.users.get(h.userId)
    expect(h.control.tokenRequests.refresh_token).toBe(1)
    expect(h.control.apiRequests.filter((r) => r.path === `/v1/users/${h.userId}`)).toHaveLength(1)
  })

  it('ten concurrent calls with an expired token share one refresh (single-flight)', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    h.clock.advance(HOUR)
    const users = await Promise.all(Array.from({ length: 10 }, () => client.users.get(h.userId)))
    expect(users).toHaveLength(10)
    expect(h.control.tokenRequests.refresh_token).toBe(1)
    expect(client.tokenRequests).toBe(2) // the sign-in and the one shared refresh
    const refreshes = h.flows.events.filter(
      (e) => e.flow === 'sdk/authentication' && e.step === 'refresh',
    )
    expect(refreshes.map((e) => e.shared)).toEqual([
      false,
      ...Array.from({ length: 9 }, () => true),
    ])
    const tokens = new Set(h.control.apiRequests.slice(-10).map((r) => r.token))
    expect(tokens.size).toBe(1)
  })

  it('a failed refresh raises AuthenticationError, clears the pair, and login() recovers', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    const key = `http://127.0.0.1:8787#${OAUTH_USER.username}`
    const pair = (await client.tokenStore?.get(key)) as TokenPair
    // Another process used (and so rotated away) the refresh token.
    expect((await h.useRefreshToken(pair.refreshToken ?? '')).status).toBe(200)
    h.clock.advance(HOUR)
    const error = await client.users.get(h.userId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ status: 400, code: 'invalid_grant' })
    expect((error as Error).message).toContain('sign in again with client.login()')
    expect(await client.tokenStore?.get(key)).toBeUndefined()
    expect(h.flows.steps('sdk/authentication').slice(-3)).toEqual([
      'refresh',
      'tokenOk',
      'reauthenticate',
    ])

    const again = await client.users.get(h.userId).catch((e: unknown) => e)
    expect(again).toMatchObject({ name: 'AuthenticationError', code: 'REAUTHENTICATION_REQUIRED' })
    expect(h.flows.steps('sdk/authentication').slice(-3)).toEqual([
      'hasAccess',
      'hasPassword',
      'reauthenticate',
    ])

    await client.login(OAUTH_USER)
    await expect(client.users.get(h.userId)).resolves.toMatchObject({ id: h.userId })
  })

  it('raises AuthenticationError for a wrong password (first call)', async () => {
    const h = await oauthHarness()
    const client = h.client({ oauth: { username: OAUTH_USER.username, password: 'wrong' } })
    const error = await client.users.get(h.userId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect((error as Error).message).toContain('Check the username and password')
    expect(h.flows.steps('sdk/initialization').slice(-2)).toEqual(['meStatus', 'authError'])
  })

  it('an expired token without a refresh token asks the caller to sign in again', async () => {
    const h = await oauthHarness({ issueRefreshTokens: false })
    const client = h.client()
    await client.initialize()
    h.clock.advance(HOUR)
    await expect(client.users.get(h.userId)).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: 'REAUTHENTICATION_REQUIRED',
    })
    expect(h.flows.steps('sdk/authentication').slice(-3)).toEqual([
      'isExpired',
      'hasRefresh',
      'reauthenticate',
    ])
  })

  it('an unreachable Auth Service raises RedcoreAPIError and keeps the tokens', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    h.clock.advance(HOUR)
    h.control.tokenFailure = 503
    const error = await client.users.get(h.userId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedcoreAPIError)
    expect(error).not.toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' })
    expect(
      await client.tokenStore?.get(`http://127.0.0.1:8787#${OAUTH_USER.username}`),
    ).toBeDefined()
    expect(h.flows.steps('sdk/authentication').slice(-2)).toEqual(['tokenOk', 'tokenUnavailable'])
    h.control.tokenFailure = undefined
    await expect(client.users.get(h.userId)).resolves.toBeDefined()
  })

  it('works from a pluggable (async, Redis-like) token store that already holds a pair', async () => {
    const h = await oauthHarness()
    const seeded = h.client()
    await seeded.initialize()
    const pair = (await seeded.tokenStore?.get(
      `http://127.0.0.1:8787#${OAUTH_USER.username}`,
    )) as TokenPair
    const data = new Map<string, string>([['redcore:acme', JSON.stringify(pair)]])
    const redisLike: TokenStore = {
      get: async (key) => {
        const value = data.get(key)
        return value === undefined ? undefined : (JSON.parse(value) as TokenPair)
      },
      set: async (key, value) => {
        data.set(key, JSON.stringify(value))
      },
      delete: async (key) => {
        data.delete(key)
      },
    }
    const client = h.client({ oauth: { tokenStore: redisLike, storeKey: 'redcore:acme' } })
    await client.users.get(h.userId)
    h.clock.advance(HOUR)
    await client.users.get(h.userId)
    const stored = JSON.parse(data.get('redcore:acme') ?? '{}') as TokenPair
    expect(stored.accessToken).not.toBe(pair.accessToken)
    expect(h.control.tokenRequests).toEqual({ password: 1, refresh_token: 1 })
  })
})

describe('401: one refresh and one retry, never more (reference server)', () => {
  it('a 401 for a revoked token triggers a silent refresh and one retry', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    const revoked = h.control.apiRequests.at(-1)?.token ?? ''
    h.control.revoke(revoked)
    await expect(client.users.get(h.userId)).resolves.toMatchObject({ id: h.userId })
    expect(h.control.tokenRequests.refresh_token).toBe(1)
    expect(h.control.apiRequests.slice(-2).map((r) => r.token === revoked)).toEqual([true, false])
    const run = h.flows.runs('sdk/error-retry').at(-1)
    expect(h.flows.steps('sdk/error-retry', run)).toEqual([
      'start',
      'prepare',
      'send',
      'outcome',
      'canRefresh',
      'refresh',
      'refreshOk',
      'nextAttempt',
      'send',
      'outcome',
      'success',
    ])
    expect(h.flows.steps('sdk/authentication', h.flows.runs('sdk/authentication').at(-1))).toEqual([
      'start',
      'credentialKind',
      'readStore',
      'hasAccess',
      'isExpired',
      'useToken',
      'send',
      'status',
      'newerToken',
      'hasRefresh',
      'refresh',
      'tokenOk',
      'storePair',
      'useToken',
      'send',
      'status',
      'success',
    ])
    expect(h.flows.steps('sdk/integration-sequence')).toContain('API answers 401 to an OAuth token')
  })

  it('a second 401 in the same call raises AuthenticationError after exactly one refresh', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    // Revoke every token the API sees, including the refreshed one.
    const original = h.control.revoke
    h.control.apiRequests.length = 0
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const token = new Headers(init?.headers).get('authorization')?.slice(7)
      if (token !== undefined && new URL(String(input)).pathname.startsWith('/v1/')) original(token)
      return h.fetch(input, init)
    }
    const hostile = h.client({
      fetch,
      oauth: {
        tokenStore: client.tokenStore!,
        storeKey: `http://127.0.0.1:8787#${OAUTH_USER.username}`,
      },
    })
    const error = await hostile.users.get(h.userId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ status: 401, attempts: 2 })
    expect(h.control.tokenRequests.refresh_token).toBe(1)
    expect(h.flows.steps('sdk/error-retry').slice(-3)).toEqual([
      'outcome',
      'canRefresh',
      'authError',
    ])
  })

  it('a 401 whose refresh is rejected raises AuthenticationError', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    const key = `http://127.0.0.1:8787#${OAUTH_USER.username}`
    const pair = (await client.tokenStore?.get(key)) as TokenPair
    h.control.revoke(pair.accessToken)
    await h.useRefreshToken(pair.refreshToken ?? '')
    await expect(client.users.get(h.userId)).rejects.toBeInstanceOf(AuthenticationError)
    expect(h.flows.steps('sdk/error-retry').slice(-3)).toEqual([
      'refresh',
      'refreshOk',
      'authError',
    ])
  })

  it('a 401 whose refresh meets an unavailable Auth Service raises the RedcoreAPIError', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    h.control.revoke(h.control.apiRequests.at(-1)?.token ?? '')
    h.control.tokenFailure = 503
    const error = await client.users.get(h.userId).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'RedcoreAPIError', status: 503 })
    expect(h.flows.steps('sdk/error-retry').slice(-3)).toEqual(['refresh', 'refreshOk', 'giveUp'])
  })

  it('a 401 after another call already refreshed uses the newer stored token, with no second refresh', async () => {
    const h = await oauthHarness()
    const client = h.client()
    await client.initialize()
    h.control.revoke(h.control.apiRequests.at(-1)?.token ?? '')
    const open = h.gate('slow')
    // The slow call authorizes with the old token now, but its request is held back.
    const slow = client.users.get(h.userId, { headers: { 'x-test-hold': 'slow' } })
    await new Promise((resolve) => setTimeout(resolve, 10))
    await client.users.get(h.userId) // 401, refresh, retry: the store now has a newer pair
    open()
    await expect(slow).resolves.toMatchObject({ id: h.userId })
    expect(h.control.tokenRequests.refresh_token).toBe(1)
    const runs = h.flows.runs('sdk/authentication')
    const slowRun = runs.find(
      (r) =>
        h.flows.steps('sdk/authentication', r).includes('newerToken') &&
        !h.flows.steps('sdk/authentication', r).includes('hasRefresh'),
    )
    expect(h.flows.steps('sdk/authentication', slowRun).slice(-6)).toEqual([
      'status',
      'newerToken',
      'useToken',
      'send',
      'status',
      'success',
    ])
  })
})
