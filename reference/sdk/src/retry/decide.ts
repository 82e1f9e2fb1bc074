/**
 * @module The retry decision: a flat chain of early returns over the outcome of one attempt.
 * Only known transient failures are retried. The docs' retry table is checked against it.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
import type { NormalizedRetry } from '../options.ts'
import { backoffDelay } from './backoff.ts'

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter: number | undefined }
  | { kind: 'network' }
  | { kind: 'timeout' }
  | { kind: 'aborted' }

/** Where the logical call stands. */
export interface RetryState {
  method: string
  /** Whether this call sends an Idempotency-Key (every SDK POST does, unless turned off). */
  idempotencyKey: boolean
  /** Retries already made for 5xx, network errors, timeouts and 429. */
  retries: number
  /** Whether the credential can be refreshed (OAuth), and whether it already was in this call. */
  canRefresh: boolean
  refreshed: boolean
}

export type RetryDecision =
  | { action: 'return' }
  | { action: 'rethrow' }
  | { action: 'raise'; reason: 'client-error' | 'unauthorized' | 'rate-limited' }
  | { action: 'raise'; reason: 'not-replayable' | 'exhausted' }
  | { action: 'refresh' }
  | { action: 'retry'; wait: 'retry-after' | 'backoff'; delayMs: number }

/** Methods that are safe to repeat as they are; others need an Idempotency-Key. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
])

/** Whether sending the request twice has the same effect as sending it once. */
export const isReplayable = (method: string, idempotencyKey: boolean): boolean =>
  IDEMPOTENT_METHODS.has(method) || (method === 'POST' && idempotencyKey)

/**
 * Decides what follows an attempt.
 * @param random - for jitter; inject a fixed value to assert exact delays
 */
export const decideRetry = (
  outcome: AttemptOutcome,
  state: RetryState,
  options: NormalizedRetry,
  random: () => number,
): RetryDecision => {
  if (outcome.kind === 'aborted') return { action: 'rethrow' }
  if (outcome.kind === 'response') {
    const { status } = outcome
    if (status >= 200 && status < 300) return { action: 'return' }
    if (status === 401)
      return state.canRefresh && !state.refreshed
        ? { action: 'refresh' }
        : { action: 'raise', reason: 'unauthorized' }
    if (status === 429) {
      if (state.retries >= options.limit) return { action: 'raise', reason: 'rate-limited' }
      // Without Retry-After there is nothing exact to wait for, so back off as for a 5xx.
      const delayMs =
        outcome.retryAfter === undefined
          ? backoffDelay(state.retries + 1, options, random)
          : outcome.retryAfter * 1000
      if (delayMs > options.maxRetryAfter) return { action: 'raise', reason: 'rate-limited' }
      return { action: 'retry', wait: 'retry-after', delayMs }
    }
    if (status < 500) return { action: 'raise', reason: 'client-error' }
  }
  // 5xx, network error or timeout: transient, if repeating the request is safe.
  if (!isReplayable(state.method, state.idempotencyKey))
    return { action: 'raise', reason: 'not-replayable' }
  if (state.retries >= options.limit) return { action: 'raise', reason: 'exhausted' }
  return {
    action: 'retry',
    wait: 'backoff',
    delayMs: backoffDelay(state.retries + 1, options, random),
  }
}
