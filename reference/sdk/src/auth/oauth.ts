/**
 * @module OAuth 2.0 credentials: password grant on first use, silent refresh of expired access
 * tokens, one shared refresh for concurrent calls (single-flight), and the token pair kept in a
 * pluggable {@link TokenStore}.
 * @see https://docs.blueround.com/sdk/authentication/
 */
import { AuthenticationError } from '../errors/authentication-error.ts'
import type { Credential } from '../options.ts'
import type { AuthFlow, Authorization, CredentialProvider, IntegrationFlow } from './credentials.ts'
import { requestToken, type TokenEndpoint, type TokenGrant } from './token-endpoint.ts'
import { MemoryTokenStore, type TokenPair, type TokenStore } from './token-store.ts'

type OAuthCredential = Extract<Credential, { kind: 'oauth' }>

const authorization = (pair: TokenPair): Authorization => ({
  header: `Bearer ${pair.accessToken}`,
  token: pair.accessToken,
})

/** An AuthenticationError raised before any request: there is nothing to send. */
const signInAgain = (url: string, reason: string) =>
  new AuthenticationError(
    {
      status: 401,
      code: 'REAUTHENTICATION_REQUIRED',
      serverMessage: reason,
      requestId: undefined,
      details: undefined,
      response: undefined,
      method: 'POST',
      url,
      attempts: 0,
      body: undefined,
    },
    `${reason}; sign in again with client.login({ username, password })`,
  )

export class OAuthCredentials implements CredentialProvider {
  readonly kind = 'oauth'
  readonly canRefresh = true
  readonly store: TokenStore
  readonly key: string
  readonly #endpoint: TokenEndpoint
  readonly #margin: number
  #login: { username: string; password: string } | undefined
  /** The token request in flight, shared by every caller that needs one (single-flight). */
  #inflight: Promise<TokenPair> | undefined
  /** Token requests actually sent, for diagnostics and tests. */
  tokenRequests = 0

  constructor(credential: OAuthCredential, endpoint: Omit<TokenEndpoint, 'url'>, baseUrl: string) {
    this.store = credential.tokenStore ?? new MemoryTokenStore()
    this.key = credential.storeKey ?? `${baseUrl}#${credential.username ?? 'default'}`
    this.#endpoint = { ...endpoint, url: `${baseUrl}${credential.tokenPath}` }
    this.#margin = credential.refreshMargin
    this.#login =
      credential.username === undefined || credential.password === undefined
        ? undefined
        : { username: credential.username, password: credential.password }
  }

  #expired(pair: TokenPair): boolean {
    return this.#endpoint.now() >= pair.expiresAt - this.#margin
  }

  /** Sends `grant` unless a token request is already in flight, in which case it joins that one. */
  #shared(
    grant: () => TokenGrant,
    previous?: string,
  ): { pair: Promise<TokenPair>; shared: boolean } {
    if (this.#inflight !== undefined) return { pair: this.#inflight, shared: true }
    this.tokenRequests += 1
    const pair = requestToken(this.#endpoint, grant(), previous).then(
      async (fresh) => {
        await this.store.set(this.key, fresh)
        this.#login = undefined // the password is needed once; it is not kept after sign-in
        return fresh
      },
      async (error: unknown) => {
        // A rejected grant means the stored pair is dead; a 5xx or network error does not.
        if (error instanceof AuthenticationError) await this.store.delete(this.key)
        throw error
      },
    )
    this.#inflight = pair.finally(() => {
      this.#inflight = undefined
    })
    return { pair: this.#inflight, shared: false }
  }

  async #await(flow: AuthFlow, request: { pair: Promise<TokenPair>; shared: boolean }) {
    let pair: TokenPair
    try {
      pair = await request.pair
    } catch (error) {
      flow('tokenOk')
      flow(error instanceof AuthenticationError ? 'reauthenticate' : 'tokenUnavailable')
      throw error
    }
    flow('tokenOk')
    flow('storePair')
    flow('useToken')
    return authorization(pair)
  }

  async #refresh(pair: TokenPair | undefined, flow: AuthFlow): Promise<Authorization> {
    flow('hasRefresh')
    const refreshToken = pair?.refreshToken
    if (refreshToken === undefined) {
      flow('reauthenticate')
      throw signInAgain(
        this.#endpoint.url,
        'The access token expired and there is no refresh token',
      )
    }
    const request = this.#shared(
      () => ({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      refreshToken,
    )
    flow('refresh', { shared: request.shared })
    return this.#await(flow, request)
  }

  async authorize(flow: AuthFlow, sequence: IntegrationFlow): Promise<Authorization> {
    flow('start')
    flow('credentialKind')
    flow('readStore')
    const pair = await this.store.get(this.key)
    flow('hasAccess')
    if (pair === undefined) {
      flow('hasPassword')
      const login = this.#login
      if (login === undefined && this.#inflight === undefined) {
        flow('reauthenticate')
        throw signInAgain(this.#endpoint.url, 'There is no OAuth token')
      }
      sequence('OAuth, no token yet')
      const request = this.#shared(() => ({
        grant_type: 'password',
        username: login?.username ?? '',
        password: login?.password ?? '',
      }))
      flow('passwordGrant', { shared: request.shared })
      return this.#await(flow, request)
    }
    flow('isExpired')
    if (!this.#expired(pair)) {
      sequence('OAuth, access token valid')
      flow('useToken')
      return authorization(pair)
    }
    sequence('OAuth, access token expired')
    return this.#refresh(pair, flow)
  }

  async recover(rejected: Authorization, flow: AuthFlow, sequence: IntegrationFlow) {
    sequence('API answers 401 to an OAuth token')
    flow('newerToken')
    // Another call may have refreshed while this one was in flight: use its pair, do not
    // refresh again (that would rotate the refresh token a second time for nothing).
    const pair = this.#inflight === undefined ? await this.store.get(this.key) : undefined
    if (pair !== undefined && pair.accessToken !== rejected.token && !this.#expired(pair)) {
      flow('useToken')
      return authorization(pair)
    }
    return this.#refresh(pair ?? (await this.store.get(this.key)), flow)
  }

  /** Signs in with the password grant now and stores the pair (also after AuthenticationError). */
  async login(username: string, password: string): Promise<void> {
    this.#login = { username, password }
    await this.#shared(() => ({ grant_type: 'password', username, password })).pair
  }

  /** Forgets the stored pair (sign out locally). */
  async logout(): Promise<void> {
    this.#login = undefined
    await this.store.delete(this.key)
  }
}
