/** @module 405 METHOD_NOT_ALLOWED. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 405 METHOD_NOT_ALLOWED. */
export class MethodNotAllowedError extends AppError {
  override name = 'MethodNotAllowedError'
  constructor(message = 'Method not allowed', options: AppErrorOptions = {}) {
    super(405, 'METHOD_NOT_ALLOWED', message, options)
  }
}
