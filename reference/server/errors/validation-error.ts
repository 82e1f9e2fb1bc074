/** @module 422 VALIDATION_ERROR: the request is well-formed but fails the schema; `details` lists each field. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 422 VALIDATION_ERROR: the request is well-formed but fails the schema; `details` lists each field. */
export class ValidationError extends AppError {
  override name = 'ValidationError'
  constructor(message = 'Invalid input parameters', options: AppErrorOptions = {}) {
    super(422, 'VALIDATION_ERROR', message, options)
  }
}
