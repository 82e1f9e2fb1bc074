/** @module 404: the resource does not exist. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * 404 NOT_FOUND: the resource does not exist, or the caller's organization cannot see it.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class NotFoundError extends RedcoreAPIError {
  override name = 'NotFoundError'
}

/** Guard for {@link NotFoundError}. */
export const isNotFoundError = (error: unknown): error is NotFoundError =>
  error instanceof NotFoundError
