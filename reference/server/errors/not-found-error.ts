/** @module 404 NOT_FOUND: missing, or owned by another organization (the two are indistinguishable). */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 404 NOT_FOUND: missing, or owned by another organization (the two are indistinguishable). */
export class NotFoundError extends AppError {
  override name = 'NotFoundError'
  constructor(message = 'Resource not found', options: AppErrorOptions = {}) {
    super(404, 'NOT_FOUND', message, options)
  }
}
