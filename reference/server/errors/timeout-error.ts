/** @module 504 TIMEOUT: the request or one of its database queries ran past its limit. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 504 TIMEOUT: the request or one of its database queries ran past its limit. */
export class TimeoutError extends AppError {
  override name = 'TimeoutError'
  constructor(message = 'The request timed out', options: AppErrorOptions = {}) {
    super(504, 'TIMEOUT', message, options)
  }
}
