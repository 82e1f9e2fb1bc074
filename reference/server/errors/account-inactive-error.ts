/** @module 403 ACCOUNT_INACTIVE: the caller's organization is suspended. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 403 ACCOUNT_INACTIVE: the caller's organization is suspended. */
export class AccountInactiveError extends AppError {
  override name = 'AccountInactiveError'
  constructor(message = 'The organization is suspended', options: AppErrorOptions = {}) {
    super(403, 'ACCOUNT_INACTIVE', message, options)
  }
}
