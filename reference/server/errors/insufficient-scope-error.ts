/** @module 403 INSUFFICIENT_SCOPE: the credential is valid but lacks a scope the route requires. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** 403 INSUFFICIENT_SCOPE: the credential is valid but lacks a scope the route requires. */
export class InsufficientScopeError extends AppError {
  override name = 'InsufficientScopeError'
  constructor(
    message = 'The credential lacks the scope this operation needs',
    options: AppErrorOptions = {},
  ) {
    super(403, 'INSUFFICIENT_SCOPE', message, options)
  }
}
