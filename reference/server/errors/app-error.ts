/** @module Base class of every error that has a documented status and code. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One problem with one input field, as listed in `error.details`. */
export interface FieldProblem {
  field: string
  message: string
}

export interface AppErrorOptions {
  details?: FieldProblem[]
  headers?: Record<string, string>
  cause?: unknown
}

/**
 * An error that maps to one documented HTTP status and UPPER_SNAKE code.
 * The single `onError` handler turns it into the error envelope.
 * @see https://docs.blueround.com/api/errors/
 */
export class AppError extends Error {
  override name = 'AppError'
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly details: FieldProblem[] | undefined
  readonly headers: Record<string, string>
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.status = status
    this.code = code
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

/** Guard for {@link AppError}. */
export const isAppError = (error: unknown): error is AppError => error instanceof AppError
