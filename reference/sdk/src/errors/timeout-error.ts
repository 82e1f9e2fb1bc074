/** @module An attempt took longer than the timeout. */
import { RedcoreError } from './redcore-error.ts'

/**
 * An attempt took longer than `timeout` milliseconds and was aborted through an `AbortSignal`.
 * Retried like a 5xx; thrown when retries run out. A caller's own abort is not a timeout: it is
 * rethrown as the caller's `AbortError`.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class TimeoutError extends RedcoreError {
  override name = 'TimeoutError'
  readonly method: string
  readonly url: string
  readonly timeout: number
  readonly attempts: number
  constructor(init: { method: string; url: string; timeout: number; attempts: number }) {
    const attempts = init.attempts === 1 ? '1 attempt' : `${init.attempts} attempts`
    super(`${init.method} ${init.url} timed out after ${init.timeout} ms (${attempts})`)
    this.method = init.method
    this.url = init.url
    this.timeout = init.timeout
    this.attempts = init.attempts
  }
}

/** Guard for {@link TimeoutError}. */
export const isTimeoutError = (error: unknown): error is TimeoutError =>
  error instanceof TimeoutError
