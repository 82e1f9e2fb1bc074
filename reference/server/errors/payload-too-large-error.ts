/** @module 413 PAYLOAD_TOO_LARGE: the body exceeds the size limit. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 413 PAYLOAD_TOO_LARGE: the body exceeds the size limit. */
export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError'
  constructor(message = 'Request body too large', options: AppErrorOptions = {}) {
    super(413, 'PAYLOAD_TOO_LARGE', message, options)
  }
}
