/** @module The request never got a response. */
import { RedcoreError } from './redcore-error.ts'

/**
 * The request got no HTTP response: DNS failure, refused or reset connection, TLS error. The
 * original error is kept as `cause`. Retried like a 5xx; thrown when retries run out.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class NetworkError extends RedcoreError {
  override name = 'NetworkError'
  readonly method: string
  readonly url: string
  readonly attempts: number
  constructor(init: { method: string; url: string; attempts: number; cause: unknown }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause)
    const attempts = init.attempts === 1 ? '1 attempt' : `${init.attempts} attempts`
    super(`${init.method} ${init.url} failed: ${reason} (${attempts})`, { cause: init.cause })
    this.method = init.method
    this.url = init.url
    this.attempts = init.attempts
  }
}

/** Guard for {@link NetworkError}. */
export const isNetworkError = (error: unknown): error is NetworkError =>
  error instanceof NetworkError
