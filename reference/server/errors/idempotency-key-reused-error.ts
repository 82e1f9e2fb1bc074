/** @module 422 IDEMPOTENCY_KEY_REUSED: same key, different request. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 422 IDEMPOTENCY_KEY_REUSED: same key, different request. */
export class IdempotencyKeyReusedError extends AppError {
  override name = 'IdempotencyKeyReusedError'
  constructor(
    message = 'This Idempotency-Key was already used with a different request body',
    options: AppErrorOptions = {},
  ) {
    super(422, 'IDEMPOTENCY_KEY_REUSED', message, options)
  }
}
