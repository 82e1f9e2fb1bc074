/**
 * @module OAuth 2.0 errors (RFC 6749 §5.2): the token endpoints answer `{ error,
 * error_description }` rather than the API's error envelope.
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'mfa_required'

/** An RFC 6749 §5.2 error; the OAuth routes render it as JSON with status 400 (401 for clients). */
export class OAuthError extends Error {
  override name = 'OAuthError'
  readonly error: OAuthErrorCode
  readonly status: 400 | 401
  constructor(error: OAuthErrorCode, description: string, status: 400 | 401 = 400) {
    super(description)
    this.error = error
    this.status = status
  }
}
