/** @module 400: the request itself is malformed. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * 400: the request is malformed (for example invalid JSON). Fix the request; retrying cannot help.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class BadRequestError extends RedcoreAPIError {
  override name = 'BadRequestError'
}

/** Guard for {@link BadRequestError}. */
export const isBadRequestError = (error: unknown): error is BadRequestError =>
  error instanceof BadRequestError
