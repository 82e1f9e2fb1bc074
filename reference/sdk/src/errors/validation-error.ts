/** @module 422: the input failed validation. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * 422 VALIDATION_ERROR: the input failed validation. `details` lists every problem as
 * `{ field, message }`, so a form can show each next to its field.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class ValidationError extends RedcoreAPIError {
  override name = 'ValidationError'
}

/** Guard for {@link ValidationError}. */
export const isValidationError = (error: unknown): error is ValidationError =>
  error instanceof ValidationError
