/**
 * @module Client options: what callers may pass, the one {@link DEFAULTS} constant, and their
 * normalization (once, in the constructor) into the object every other module reads.
 * Like ky, `retry` takes either a number (the retry limit) or an object.
 * @see https://docs.blueround.com/sdk/getting-started/
 */
import type { TokenStore } from './auth/token-store.ts'
import { ConfigurationError } from './errors/configuration-error.ts'
import type { EventHandler } from './events.ts'

/** Retry behaviour. Every field is optional; see {@link DEFAULTS} for the defaults. */
export interface RetryOptions {
  /**
   * Retries after the first attempt, for 5xx, network errors, timeouts and 429.
   * @default 3
   */
  limit?: number
  /**
   * The first back-off in milliseconds; each later one doubles it (1 s, 2 s, 4 s, …).
   * @default 1000
   */
  delay?: number
  /**
   * The longest back-off in milliseconds, before jitter.
   * @default 30000
   */
  backoffLimit?: number
  /**
   * Random spread of each back-off, as a fraction: 0.1 is ±10 %.
   * @default 0.1
   */
  jitter?: number
  /**
   * The longest `Retry-After` (milliseconds) the SDK waits out on a 429; a longer one raises
   * `RateLimitError` at once so the caller can decide.
   * @default 120000
   */
  maxRetryAfter?: number
}

/** OAuth 2.0 settings: a password grant, or tokens already in the token store. */
export interface OAuthOptions {
  /** With `password`: the SDK signs in with `grant_type=password` on the first call. */
  username?: string
  password?: string
  /** Sent as `client_id` on token requests, when the Auth Service needs one. */
  clientId?: string
  /**
   * Where the token pair lives. Share one store (e.g. Redis) between processes to share tokens.
   * @default a new in-memory store
   */
  tokenStore?: TokenStore
  /**
   * The key of this client's pair in the store.
   * @default `${baseUrl}#${username ?? 'default'}`
   */
  storeKey?: string
  /**
   * Path of the token endpoint, relative to the base URL.
   * @default '/oauth/token'
   */
  tokenPath?: string
  /**
   * Refresh this many milliseconds before the access token expires.
   * @default 30000
   */
  refreshMargin?: number
}

/** Sleeps `ms` milliseconds; rejects with `signal.reason` if `signal` aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** Everything `new Client()` accepts. */
export interface ClientOptions {
  /** @default process.env.REDCORE_API_KEY (in Node) */
  apiKey?: string
  /** Use OAuth tokens instead of an API key. */
  oauth?: OAuthOptions
  /**
   * HTTPS, or http on a loopback host (localhost, 127.0.0.0/8, [::1]) for the local reference
   * server.
   * @default process.env.REDCORE_BASE_URL, else 'https://api.blueround.com'
   */
  baseUrl?: string
  /**
   * Per-attempt timeout in milliseconds, enforced with an `AbortSignal`.
   * @default 30000
   */
  timeout?: number
  /** Shorthand for `retry: { limit }`. @default 3 */
  maxRetries?: number
  /** A retry limit, or detailed retry options. */
  retry?: RetryOptions | number
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** Injectable for tests: sleeps without waiting. @default a `setTimeout` sleep */
  sleep?: Sleep
  /** Injectable clock, epoch milliseconds. @default Date.now */
  now?: () => number
  /** Injectable randomness in [0, 1), for jitter. @default Math.random */
  random?: () => number
  /** Generates Idempotency-Keys and run ids. @default crypto.randomUUID */
  generateId?: () => string
  /** The observability hook: receives every flow step. */
  onEvent?: EventHandler
}

/** The single source of every default. */
export const DEFAULTS = {
  baseUrl: 'https://api.blueround.com',
  timeout: 30_000,
  retry: { limit: 3, delay: 1_000, backoffLimit: 30_000, jitter: 0.1, maxRetryAfter: 120_000 },
  oauth: { tokenPath: '/oauth/token', refreshMargin: 30_000 },
  /** Added to `Reset − now` before a proactive rate-limit sleep. */
  rateLimitMargin: 100,
} as const

export type NormalizedRetry = { readonly [K in keyof typeof DEFAULTS.retry]: number }

export type Credential =
  | { kind: 'apiKey'; apiKey: string }
  | {
      kind: 'oauth'
      username: string | undefined
      password: string | undefined
      clientId: string | undefined
      tokenStore: TokenStore | undefined
      storeKey: string | undefined
      tokenPath: string
      refreshMargin: number
    }

/** Options after normalization: every field present and valid. */
export interface NormalizedOptions {
  credential: Credential
  baseUrl: string
  timeout: number
  retry: NormalizedRetry
  headers: Record<string, string>
  fetch: typeof fetch
  sleep: Sleep
  now: () => number
  random: () => number
  generateId: () => string
  onEvent: EventHandler | undefined
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('This operation was aborted', 'AbortError')

/** The default sleep: a timer that an `AbortSignal` can cancel. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal === undefined ? undefined : abortReason(signal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/** `https:` anywhere; `http:` only on loopback hosts. Returns the URL without a trailing `/`. */
export const validateBaseUrl = (value: string): string => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigurationError(`Invalid base_url: ${JSON.stringify(value)} is not a URL`)
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname)
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new ConfigurationError(
      `Invalid base_url: ${JSON.stringify(value)} must use https:// ` +
        '(http:// is allowed only for localhost, 127.0.0.1 and [::1])',
    )
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new ConfigurationError(
      `Invalid base_url: ${JSON.stringify(value)} must not contain credentials, a query or a fragment`,
    )
  return url.href.replace(/\/+$/, '')
}

/** Step 1: the credential, from the options or `REDCORE_API_KEY`. */
export const resolveCredential = (
  options: ClientOptions,
  envApiKey: string | undefined,
): Credential => {
  if (options.apiKey !== undefined && options.oauth !== undefined)
    throw new ConfigurationError('Pass either apiKey or oauth, not both')
  if (options.oauth !== undefined) {
    const o = options.oauth
    if ((o.username === undefined) !== (o.password === undefined))
      throw new ConfigurationError('oauth.username and oauth.password must be given together')
    if (o.username === undefined && o.tokenStore === undefined)
      throw new ConfigurationError(
        'oauth needs a username and password, or a tokenStore that already holds a token pair',
      )
    return {
      kind: 'oauth',
      username: o.username,
      password: o.password,
      clientId: o.clientId,
      tokenStore: o.tokenStore,
      storeKey: o.storeKey,
      tokenPath: o.tokenPath ?? DEFAULTS.oauth.tokenPath,
      refreshMargin: nonNegative(
        'oauth.refreshMargin',
        o.refreshMargin,
        DEFAULTS.oauth.refreshMargin,
      ),
    }
  }
  const apiKey = options.apiKey ?? envApiKey
  if (apiKey === undefined || apiKey.trim() === '')
    throw new ConfigurationError(
      'Missing REDCORE_API_KEY: pass apiKey to new Client(), set the REDCORE_API_KEY environment ' +
        'variable, or pass oauth settings',
    )
  return { kind: 'apiKey', apiKey: apiKey.trim() }
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`Invalid ${name}: expected a number of at least 0, got ${value}`)
  return value
}

function retryLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 20)
    throw new ConfigurationError(
      `Invalid ${name}: expected a whole number from 0 to 20, got ${value}`,
    )
  return value
}

/** Step 2: `timeout`, `maxRetries` and `retry`, over {@link DEFAULTS}. */
export const normalizeTiming = (
  options: ClientOptions,
): { timeout: number; retry: NormalizedRetry } => {
  const timeout = options.timeout ?? DEFAULTS.timeout
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new ConfigurationError(`Invalid timeout: expected milliseconds above 0, got ${timeout}`)
  const retry: RetryOptions =
    typeof options.retry === 'number' ? { limit: options.retry } : (options.retry ?? {})
  if (options.maxRetries !== undefined && retry.limit !== undefined)
    throw new ConfigurationError('Pass either maxRetries or retry.limit, not both')
  const jitter = nonNegative('retry.jitter', retry.jitter, DEFAULTS.retry.jitter)
  if (jitter >= 1)
    throw new ConfigurationError(`Invalid retry.jitter: expected a fraction below 1, got ${jitter}`)
  return {
    timeout,
    retry: {
      limit: retryLimit(
        options.maxRetries === undefined ? 'retry.limit' : 'maxRetries',
        options.maxRetries ?? retry.limit ?? DEFAULTS.retry.limit,
      ),
      delay: nonNegative('retry.delay', retry.delay, DEFAULTS.retry.delay),
      backoffLimit: nonNegative(
        'retry.backoffLimit',
        retry.backoffLimit,
        DEFAULTS.retry.backoffLimit,
      ),
      jitter,
      maxRetryAfter: nonNegative(
        'retry.maxRetryAfter',
        retry.maxRetryAfter,
        DEFAULTS.retry.maxRetryAfter,
      ),
    },
  }
}

/** The injectable runtime pieces, with their defaults. */
export const runtimeOf = (options: ClientOptions) => ({
  headers: { ...options.headers },
  fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
  sleep: options.sleep ?? defaultSleep,
  now: options.now ?? (() => Date.now()),
  random: options.random ?? (() => Math.random()),
  generateId: options.generateId ?? (() => crypto.randomUUID()),
  onEvent: options.onEvent,
})
