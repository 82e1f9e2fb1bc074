/** @module 500 INTERNAL_ERROR: anything unexpected; no internals are ever included. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 500 INTERNAL_ERROR: anything unexpected; no internals are ever included. */
export class InternalError extends AppError {
  override name = 'InternalError'
  constructor(message = 'Internal server error', options: AppErrorOptions = {}) {
    super(500, 'INTERNAL_ERROR', message, options)
  }
}
