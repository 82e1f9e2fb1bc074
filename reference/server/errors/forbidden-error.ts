/** @module 403 FORBIDDEN: the caller's role does not allow the operation. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 403 FORBIDDEN: the caller's role does not allow the operation. */
export class ForbiddenError extends AppError {
  override name = 'ForbiddenError'
  constructor(
    message = 'You are not permitted to perform this operation',
    options: AppErrorOptions = {},
  ) {
    super(403, 'FORBIDDEN', message, options)
  }
}
