/** @module The base class of every error the SDK throws. */

/**
 * Every error thrown by the RedCore SDK extends this class, so one `instanceof` (or
 * {@link isRedcoreError}) tells SDK failures from bugs in the caller's code.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class RedcoreError extends Error {
  override name = 'RedcoreError'
}

/** Guard for {@link RedcoreError}. */
export const isRedcoreError = (error: unknown): error is RedcoreError =>
  error instanceof RedcoreError
