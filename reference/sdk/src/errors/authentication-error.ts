/** @module 401, or no usable credential: the caller must authenticate again. */
import { RedcoreAPIError } from './redcore-api-error.ts'

/**
 * The credential was rejected (401), or the SDK holds no usable OAuth token and cannot get one:
 * no token and no password, no refresh token, or the Auth Service rejected the refresh. The
 * message says what to do; with OAuth, call `client.login()` again. `response` is the API's or
 * the token endpoint's response, and `undefined` when no request was made.
 * @see https://docs.blueround.com/sdk/authentication/
 */
export class AuthenticationError extends RedcoreAPIError {
  override name = 'AuthenticationError'
}

/** Guard for {@link AuthenticationError}. */
export const isAuthenticationError = (error: unknown): error is AuthenticationError =>
  error instanceof AuthenticationError
