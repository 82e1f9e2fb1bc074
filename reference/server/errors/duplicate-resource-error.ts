/** @module 409 DUPLICATE_RESOURCE: a unique field is already taken. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 409 DUPLICATE_RESOURCE: a unique field is already taken. */
export class DuplicateResourceError extends AppError {
  override name = 'DuplicateResourceError'
  constructor(message = 'Resource already exists', options: AppErrorOptions = {}) {
    super(409, 'DUPLICATE_RESOURCE', message, options)
  }
}
