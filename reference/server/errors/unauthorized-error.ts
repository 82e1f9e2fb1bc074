/** @module 401 UNAUTHORIZED: no credential, or one that no verifier accepts. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 401 UNAUTHORIZED: no credential, or one that no verifier accepts. */
export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError'
  constructor(message = 'Missing or invalid credentials', options: AppErrorOptions = {}) {
    super(401, 'UNAUTHORIZED', message, options)
  }
}
