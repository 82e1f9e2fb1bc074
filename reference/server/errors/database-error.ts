/** @module 500 DATABASE_ERROR: the store failed; the message never includes SQL or driver text. */
import { AppError, type AppErrorOptions } from './app-error.ts'

/** What kind of failure the driver reported, in dialect-neutral terms. */
export type DatabaseFailure = 'unique_violation' | 'unavailable' | 'timeout' | 'other'

/**
 * Thrown by the store adapter for any driver failure. Services may turn a `unique_violation`
 * into {@link DuplicateResourceError}; everything else reaches the client as
 * `500 DATABASE_ERROR` "Database error occurred".
 */
export class DatabaseError extends AppError {
  override name = 'DatabaseError'
  readonly failure: DatabaseFailure
  constructor(failure: DatabaseFailure = 'other', options: AppErrorOptions = {}) {
    super(500, 'DATABASE_ERROR', 'Database error occurred', options)
    this.failure = failure
  }
}

/** Guard for {@link DatabaseError}. */
export const isDatabaseError = (error: unknown): error is DatabaseError =>
  error instanceof DatabaseError
