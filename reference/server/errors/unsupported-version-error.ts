/** @module 406 UNSUPPORTED_VERSION: the URL prefix or Accept header names a version the server does not serve. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 406 UNSUPPORTED_VERSION: the URL prefix or Accept header names a version the server does not serve. */
export class UnsupportedVersionError extends AppError {
  override name = 'UnsupportedVersionError'
  constructor(message = 'Unsupported API version', options: AppErrorOptions = {}) {
    super(406, 'UNSUPPORTED_VERSION', message, options)
  }
}
