/** @module 403: the credential may not do this. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * 403: the credential lacks a scope (code `INSUFFICIENT_SCOPE`) or the user a role (`FORBIDDEN`). A new token with the same scopes would not help, so the SDK never retries or refreshes on 403.
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class PermissionDeniedError extends RedcoreAPIError {
  override name = 'PermissionDeniedError'
}

/** Guard for {@link PermissionDeniedError}. */
export const isPermissionDeniedError = (error: unknown): error is PermissionDeniedError =>
  error instanceof PermissionDeniedError
