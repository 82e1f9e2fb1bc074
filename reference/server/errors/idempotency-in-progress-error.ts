/** @module 409 IDEMPOTENCY_IN_PROGRESS: the first request with this key has not finished yet. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 409 IDEMPOTENCY_IN_PROGRESS: the first request with this key has not finished yet. */
export class IdempotencyInProgressError extends AppError {
  override name = 'IdempotencyInProgressError'
  constructor(
    message = 'A request with this Idempotency-Key is still being processed',
    options: AppErrorOptions = {},
  ) {
    super(409, 'IDEMPOTENCY_IN_PROGRESS', message, options)
  }
}
