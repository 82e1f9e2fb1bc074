/**
 * @module The request loop of one logical call: proactive rate limiting, credentials, the attempt,
 * and the retry decision, emitting each step of the documented flows as it goes.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
import type { CredentialProvider, Authorization } from '../auth/credentials.ts'
import { errorFromResponse, parseRetryAfter } from '../errors/from-response.ts'
import { NetworkError } from '../errors/network-error.ts'
import { AuthenticationError } from '../errors/authentication-error.ts'
import type { RedcoreAPIError } from '../errors/redcore-api-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import { flowEmitter } from '../events.ts'
import type { NormalizedOptions } from '../options.ts'
import { classify } from '../rate-limit/classify.ts'
import type { RateLimitTracker } from '../rate-limit/tracker.ts'
import { decideRetry, type AttemptOutcome } from '../retry/decide.ts'
import { attempt, type AttemptResult } from './attempt.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Per-call options every resource method accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including any back-off sleep. */
  signal?: AbortSignal
  /** Extra headers for this call. */
  headers?: Record<string, string>
  /**
   * POST only. The SDK generates one key per call and reuses it on every retry; pass your own
   * to make a call safe to repeat across restarts, or `false` to send none (then a 5xx is not
   * retried).
   */
  idempotencyKey?: string | false
  /** Per-attempt timeout in milliseconds for this call. */
  timeout?: number
}

export interface CallSpec {
  method: HttpMethod
  /** Path after the base URL, starting with `/`, e.g. `/v1/api-keys`. */
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  options?: RequestOptions | undefined
}

/** A successful response: the parsed envelope and where it came from. */
export interface ApiResponse {
  body: unknown
  response: Response
  requestId: string | undefined
  attempts: number
}

export interface Transport {
  options: NormalizedOptions
  credentials: CredentialProvider
  rateLimits: RateLimitTracker
}

const buildUrl = (base: string, path: string, query: CallSpec['query']): string => {
  const url = new URL(`${base}${path}`)
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined) url.searchParams.set(name, String(value))
  return url.href
}

const outcomeOf = (result: AttemptResult, now: number): AttemptOutcome =>
  result.kind === 'response'
    ? {
        kind: 'response',
        status: result.response.status,
        retryAfter: parseRetryAfter(result.response.headers.get('retry-after'), now),
      }
    : { kind: result.kind }

/**
 * Runs one logical call to completion: returns the 2xx response or throws the typed error.
 * @throws RedcoreAPIError (or a subclass), NetworkError, TimeoutError, or the caller's abort
 */
export const send = async (transport: Transport, spec: CallSpec): Promise<ApiResponse> => {
  const { options: o, credentials, rateLimits } = transport
  const run = o.generateId()
  const retryFlow = flowEmitter(o.onEvent, 'sdk/error-retry', run)
  const rateFlow = flowEmitter(o.onEvent, 'sdk/rate-limit', run)
  const recovery = flowEmitter(o.onEvent, 'sdk/error-recovery', run)
  const integration = flowEmitter(o.onEvent, 'sdk/integration-sequence', run)
  const { method, path } = spec
  const url = buildUrl(o.baseUrl, path, spec.query)
  const signal = spec.options?.signal
  const timeout = spec.options?.timeout ?? o.timeout
  const keyOption = spec.options?.idempotencyKey
  const idempotencyKey =
    method !== 'POST' || keyOption === false ? undefined : (keyOption ?? o.generateId())
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body)
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...o.headers,
    ...spec.options?.headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
  }
  retryFlow('start', { method, url })
  retryFlow('prepare')
  const klass = classify(method, path)
  rateFlow('prepare', { method, url })
  rateFlow('classify', { rateLimitClass: klass })

  let attempts = 0
  let retries = 0
  let refreshed = false
  let backoffs = 0
  let authRun = 1
  let pending: Authorization | undefined
  for (;;) {
    rateFlow('readState')
    const wait = rateLimits.delayBefore(klass, o.now())
    rateFlow('noneLeft')
    if (wait > 0) {
      rateFlow('computeSleep', { delayMs: wait })
      rateFlow('proactiveSleep', { delayMs: wait, rateLimitClass: klass })
      await o.sleep(wait, signal)
    }
    const authFlow = flowEmitter(o.onEvent, 'sdk/authentication', `${run}.${authRun}`)
    const auth = pending ?? (await credentials.authorize(authFlow, integration))
    pending = undefined
    attempts += 1
    rateLimits.onSend(klass)
    rateFlow('send')
    authFlow('send')
    retryFlow('send', { attempt: attempts })
    const result = await attempt({
      fetch: o.fetch,
      url,
      method,
      headers: { ...headers, authorization: auth.header },
      body,
      timeout,
      signal,
    })
    if (result.kind === 'response') rateLimits.record(klass, result.response.headers)
    const now = o.now()
    const outcome = outcomeOf(result, now)
    const status = outcome.kind === 'response' ? outcome.status : undefined
    retryFlow(
      'outcome',
      status === undefined ? { attempt: attempts } : { attempt: attempts, status },
    )
    rateFlow('status', status === undefined ? {} : { status })
    if (outcome.kind !== 'aborted') authFlow('status')

    const decision = decideRetry(
      outcome,
      {
        method,
        idempotencyKey: idempotencyKey !== undefined,
        retries,
        canRefresh: credentials.canRefresh,
        refreshed,
      },
      o.retry,
      o.random,
    )
    const failure = (): RedcoreAPIError | NetworkError | TimeoutError => {
      if (result.kind === 'response')
        return errorFromResponse({
          status: result.response.status,
          response: result.response,
          body: result.body,
          method,
          url,
          attempts,
          now,
        })
      if (result.kind === 'timeout') return new TimeoutError({ method, url, timeout, attempts })
      return new NetworkError({
        method,
        url,
        attempts,
        cause: result.kind === 'network' ? result.cause : undefined,
      })
    }

    if (decision.action === 'return' && result.kind === 'response') {
      authFlow('success')
      rateFlow('process')
      retryFlow('success')
      if (backoffs > 0) recovery('A retry succeeds')
      return {
        body: result.body,
        response: result.response,
        requestId: result.response.headers.get('x-request-id') ?? undefined,
        attempts,
      }
    }
    if (decision.action === 'rethrow') {
      rateFlow('handOff')
      retryFlow('aborted')
      throw result.kind === 'aborted' ? result.reason : failure()
    }
    if (decision.action === 'retry' && decision.wait === 'retry-after') {
      authFlow('retryLoop')
      rateFlow('readRetryAfter')
      retryFlow('retryAfter')
      retryFlow('canWait')
      rateFlow('retryAllowed')
      retryFlow('sleepRetryAfter', { delayMs: decision.delayMs })
      rateFlow('sleepRetryAfter', { delayMs: decision.delayMs })
      rateLimits.recordRetryAfter(klass, now + decision.delayMs)
      await o.sleep(decision.delayMs, signal)
      retries += 1
      authRun += 1
      retryFlow('nextAttempt')
      continue
    }
    if (decision.action === 'raise' && decision.reason === 'rate-limited') {
      authFlow('retryLoop')
      rateFlow('readRetryAfter')
      retryFlow('retryAfter')
      retryFlow('canWait')
      rateFlow('retryAllowed')
      rateFlow('rateLimitError')
      retryFlow('rateLimitError')
      throw failure()
    }

    // Everything else leaves the rate-limit flow for the error handling and retry flow.
    rateFlow('handOff')
    if (decision.action === 'raise' && decision.reason === 'client-error') {
      authFlow(status === 403 ? 'scopeError' : 'clientError')
      retryFlow('typedError')
      throw failure()
    }
    if (decision.action === 'raise' && decision.reason === 'unauthorized') {
      authFlow('authError')
      retryFlow('canRefresh')
      retryFlow('authError')
      throw failure()
    }
    if (decision.action === 'refresh') {
      retryFlow('canRefresh')
      retryFlow('refresh')
      refreshed = true
      try {
        pending = await credentials.recover(auth, authFlow, integration)
      } catch (error) {
        retryFlow('refreshOk')
        retryFlow(error instanceof AuthenticationError ? 'authError' : 'giveUp')
        throw error
      }
      retryFlow('refreshOk')
      retryFlow('nextAttempt')
      continue
    }
    // 5xx, network error or timeout.
    authFlow('retryLoop')
    retryFlow('replayable')
    if (decision.action === 'raise' && decision.reason === 'not-replayable') {
      retryFlow('giveUp')
      throw failure()
    }
    retryFlow('retriesLeft')
    if (decision.action !== 'retry') {
      retryFlow('giveUp')
      if (backoffs > 0) recovery('Every retry fails')
      throw failure()
    }
    retryFlow('backoff', { delayMs: decision.delayMs, attempt: attempts })
    await o.sleep(decision.delayMs, signal)
    retries += 1
    authRun += 1
    backoffs += 1
    retryFlow('nextAttempt')
  }
}
