/** @module 409: the request conflicts with the current state. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * 409: for example DUPLICATE_RESOURCE, or IDEMPOTENCY_IN_PROGRESS while the first request with the same Idempotency-Key is still running.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class ConflictError extends RedcoreAPIError {
  override name = 'ConflictError'
}

/** Guard for {@link ConflictError}. */
export const isConflictError = (error: unknown): error is ConflictError =>
  error instanceof ConflictError
