/** @module 401 TOKEN_EXPIRED: the access token was valid but its lifetime (3600 s) has passed. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 401 TOKEN_EXPIRED, with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750). */
export class TokenExpiredError extends AppError {
  override name = 'TokenExpiredError'
  constructor(message = 'The access token has expired', options: AppErrorOptions = {}) {
    super(401, 'TOKEN_EXPIRED', message, {
      ...options,
      headers: {
        'WWW-Authenticate':
          'Bearer realm="blueround", error="invalid_token", error_description="The access token expired"',
        ...options.headers,
      },
    })
  }
}
