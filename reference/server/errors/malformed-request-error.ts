/** @module 400 VALIDATION_ERROR: the body cannot be parsed at all. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 400 VALIDATION_ERROR: the body cannot be parsed at all. */
export class MalformedRequestError extends AppError {
  override name = 'MalformedRequestError'
  constructor(message = 'Malformed JSON in request body', options: AppErrorOptions = {}) {
    super(400, 'VALIDATION_ERROR', message, options)
  }
}
