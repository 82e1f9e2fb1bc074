/** @module 429 RATE_LIMITED: the sliding window is full; `Retry-After` says when to retry. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 429 RATE_LIMITED: the sliding window is full; `Retry-After` says when to retry. */
export class RateLimitedError extends AppError {
  override name = 'RateLimitedError'
  constructor(message = 'Rate limit exceeded', options: AppErrorOptions = {}) {
    super(429, 'RATE_LIMITED', message, options)
  }
}
