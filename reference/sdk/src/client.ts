/**
 * @module The RedCore client: validates its configuration at construction, initializes with one
 * implicit `GET /v1/me` on the first call, and exposes the typed resources.
 * @see https://docs.blueround.com/sdk/getting-started/
 */
import { apiKeyCredentials } from './auth/api-key.ts'
import type { CredentialProvider } from './auth/credentials.ts'
import { OAuthCredentials } from './auth/oauth.ts'
import { readEnv } from './config/env.ts'
import { isAuthenticationError } from './errors/authentication-error.ts'
import { ConfigurationError } from './errors/configuration-error.ts'
import { flowEmitter } from './events.ts'
import { send, type ApiResponse, type CallSpec, type Transport } from './http/request.ts'
import {
  DEFAULTS,
  normalizeTiming,
  resolveCredential,
  runtimeOf,
  validateBaseUrl,
  type ClientOptions,
  type NormalizedOptions,
} from './options.ts'
import { RateLimitTracker } from './rate-limit/tracker.ts'
import { ApiKeysResource } from './resources/api-keys.ts'
import { pathOf } from './resources/endpoints.ts'
import { itemOf } from './resources/envelope.ts'
import { MeResource } from './resources/me.ts'
import type { Me } from './resources/model.ts'
import { OrganizationsResource } from './resources/organizations.ts'
import type { ResourceContext } from './resources/resource-context.ts'
import { UsersResource } from './resources/users.ts'

const present = (value: string | undefined) => value !== undefined && value.trim() !== ''

/**
 * A client for the BlueRound API.
 * @example
 * const client = new Client({ apiKey: 'brk_…', baseUrl: 'http://127.0.0.1:8787' })
 * const me = await client.me.get()
 * @throws ConfigurationError when the API key is missing or an option is invalid
 * @see https://docs.blueround.com/sdk/getting-started/
 */
export class Client {
  readonly me: MeResource
  readonly organizations: OrganizationsResource
  readonly apiKeys: ApiKeysResource
  readonly users: UsersResource
  /** The normalized options, read-only. */
  readonly options: Readonly<NormalizedOptions>
  readonly #transport: Transport
  readonly #oauth: OAuthCredentials | undefined
  readonly #initRun: string
  #initAttempts = 0
  #init: Promise<Me> | undefined
  #me: Me | undefined

  constructor(options: ClientOptions = {}) {
    const runtime = runtimeOf(options)
    this.#initRun = runtime.generateId()
    const init = flowEmitter(runtime.onEvent, 'sdk/initialization', this.#initRun)
    init('start')
    const env = readEnv()
    init('readConfig')
    init('hasCredential')
    if (!present(options.apiKey) && options.oauth === undefined && !present(env.apiKey)) {
      init('missingKey')
      throw new ConfigurationError(
        'Missing REDCORE_API_KEY: pass apiKey to new Client(), set the REDCORE_API_KEY ' +
          'environment variable, or pass oauth settings',
      )
    }
    init('optionsValid')
    let normalized: Pick<NormalizedOptions, 'credential' | 'timeout' | 'retry'>
    try {
      normalized = {
        credential: resolveCredential(options, env.apiKey),
        ...normalizeTiming(options),
      }
    } catch (error) {
      init('invalidOptions')
      throw error
    }
    init('baseUrlOverridden')
    const override = options.baseUrl ?? env.baseUrl
    let baseUrl: string = DEFAULTS.baseUrl
    if (override !== undefined) {
      init('validUrl')
      try {
        baseUrl = validateBaseUrl(override)
      } catch (error) {
        init('invalidUrl')
        throw error
      }
    }
    init('ready')
    this.options = Object.freeze({ ...runtime, ...normalized, baseUrl })
    const { credential } = normalized
    let credentials: CredentialProvider
    if (credential.kind === 'apiKey') {
      credentials = apiKeyCredentials(credential.apiKey)
    } else {
      this.#oauth = new OAuthCredentials(
        credential,
        {
          clientId: credential.clientId,
          fetch: runtime.fetch,
          now: runtime.now,
          timeout: normalized.timeout,
        },
        baseUrl,
      )
      credentials = this.#oauth
    }
    this.#transport = {
      options: this.options,
      credentials,
      rateLimits: new RateLimitTracker(DEFAULTS.rateLimitMargin),
    }
    const context: ResourceContext = {
      call: (spec) => this.request(spec),
      initialize: () => this.#initialize(),
    }
    this.me = new MeResource(context)
    this.organizations = new OrganizationsResource(context)
    this.apiKeys = new ApiKeysResource(context)
    this.users = new UsersResource(context)
  }

  /** Whether the implicit `GET /v1/me` has succeeded. */
  get initialized(): boolean {
    return this.#me !== undefined
  }

  /** The rate-limit state this client has seen, per class (for diagnostics). */
  get rateLimits(): Transport['rateLimits'] {
    return this.#transport.rateLimits
  }

  /** The OAuth token store, when the client uses OAuth. */
  get tokenStore() {
    return this.#oauth?.store
  }

  /**
   * Runs one logical call (with initialization, rate limiting, credentials and retries) and
   * returns the raw success envelope. The resources are built on it; use it for routes the SDK
   * does not wrap yet.
   */
  async request(spec: CallSpec): Promise<ApiResponse> {
    await this.#initialize()
    return send(this.#transport, spec)
  }

  /**
   * Initializes now instead of on the first call, and returns the caller (`GET /v1/me`).
   * A failed initialization is tried again by the next call.
   */
  async initialize(): Promise<Me> {
    return (await this.#initialize()).me
  }

  async #initialize(): Promise<{ me: Me; fresh: boolean }> {
    if (this.#me !== undefined) return { me: this.#me, fresh: false }
    if (this.#init !== undefined) return { me: await this.#init, fresh: false }
    this.#initAttempts += 1
    const run = this.#initAttempts === 1 ? this.#initRun : `${this.#initRun}.${this.#initAttempts}`
    const init = flowEmitter(this.options.onEvent, 'sdk/initialization', run)
    init('firstCall')
    init('getMe')
    this.#init = send(this.#transport, { method: 'GET', path: pathOf('me.get') }).then(
      (result) => {
        init('meStatus', { status: result.response.status })
        init('initialized')
        const me = itemOf<Me>(result)
        this.#me = me
        return me
      },
      (error: unknown) => {
        init('meStatus')
        init(isAuthenticationError(error) ? 'authError' : 'apiError')
        this.#init = undefined
        throw error
      },
    )
    return { me: await this.#init, fresh: true }
  }

  /**
   * OAuth only: signs in with the password grant now and stores the token pair. Call it again
   * after an AuthenticationError that asks you to sign in again.
   */
  async login(credentials: { username: string; password: string }): Promise<void> {
    if (this.#oauth === undefined)
      throw new ConfigurationError('login() needs a client created with oauth settings')
    await this.#oauth.login(credentials.username, credentials.password)
  }

  /** OAuth only: forgets the stored token pair. */
  async logout(): Promise<void> {
    await this.#oauth?.logout()
  }

  /** Token requests this client actually sent (refreshes shared by concurrent calls count once). */
  get tokenRequests(): number {
    return this.#oauth?.tokenRequests ?? 0
  }
}
