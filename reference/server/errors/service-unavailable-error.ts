/** @module 503 SERVICE_UNAVAILABLE: a dependency is down; retry later. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 503 SERVICE_UNAVAILABLE: a dependency is down; retry later. */
export class ServiceUnavailableError extends AppError {
  override name = 'ServiceUnavailableError'
  constructor(message = 'Service temporarily unavailable', options: AppErrorOptions = {}) {
    super(503, 'SERVICE_UNAVAILABLE', message, options)
  }
}
