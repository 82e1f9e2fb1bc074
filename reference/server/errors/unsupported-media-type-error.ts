/** @module 415 UNSUPPORTED_MEDIA_TYPE: the body is not application/json. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 415 UNSUPPORTED_MEDIA_TYPE: the body is not application/json. */
export class UnsupportedMediaTypeError extends AppError {
  override name = 'UnsupportedMediaTypeError'
  constructor(message = 'Unsupported Media Type', options: AppErrorOptions = {}) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message, options)
  }
}
