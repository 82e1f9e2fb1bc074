/** @module 429: the rate limit was hit and the SDK could not wait it out. */
import { RedcoreAPIError, type ApiErrorInit } from './redcore-api-error.ts'

/**
 * 429 RATE_LIMITED, raised when retries ran out or `Retry-After` exceeded `retry.maxRetryAfter`.
 * `retryAfter` is the server's wait in seconds, when it sent one.
 * @see https://docs.blueround.com/sdk/rate-limits/
 */
export class RateLimitError extends RedcoreAPIError {
  override name = 'RateLimitError'
  readonly retryAfter: number | undefined
  constructor(init: ApiErrorInit & { retryAfter: number | undefined }, message?: string) {
    super(init, message)
    this.retryAfter = init.retryAfter
  }
}

/** Guard for {@link RateLimitError}. */
export const isRateLimitError = (error: unknown): error is RateLimitError =>
  error instanceof RateLimitError
