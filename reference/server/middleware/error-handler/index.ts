/**
 * @module The single error handler: every error becomes the documented error envelope, is logged
 * with its request ID, and 500s also go to the alert hook. Unknown errors become 500
 * INTERNAL_ERROR with no internals leaked; store failures become 500 DATABASE_ERROR.
 * @see https://docs.blueround.com/api/error-handling/
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, isAppError } from '../../errors/app-error.ts'
import { InternalError } from '../../errors/internal-error.ts'
import { MalformedRequestError } from '../../errors/malformed-request-error.ts'
import { MethodNotAllowedError } from '../../errors/method-not-allowed-error.ts'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { PayloadTooLargeError } from '../../errors/payload-too-large-error.ts'
import { TimeoutError } from '../../errors/timeout-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import { UnsupportedMediaTypeError } from '../../errors/unsupported-media-type-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { failure } from '../../lib/envelope.ts'
import { flowStep } from '../../observability/flow.ts'
import { pipelineError, pipelineStep } from '../../observability/pipeline.ts'
import { routeTemplate } from '../metrics-timer/index.ts'

/** Maps anything thrown to an {@link AppError}. Only known shapes keep their message. */
export const toAppError = (error: unknown): AppError => {
  if (isAppError(error)) return error
  if (error instanceof HTTPException) {
    const options = { cause: error }
    switch (error.status) {
      case 400:
        return new MalformedRequestError(error.message || undefined, options)
      case 401:
        return new UnauthorizedError(undefined, options)
      case 404:
        return new NotFoundError(undefined, options)
      case 405:
        return new MethodNotAllowedError(undefined, options)
      case 408:
      case 504:
        return new TimeoutError(undefined, options)
      case 413:
        return new PayloadTooLargeError(undefined, options)
      case 415:
        return new UnsupportedMediaTypeError(undefined, options)
    }
  }
  return new InternalError(undefined, { cause: error })
}

/** The path through diagrams/api/error-handling.mmd up to the error node, by error code. */
const ERROR_PATHS: Record<string, readonly string[]> = {
  UNAUTHORIZED: ['AUTH', 'E401'],
  INSUFFICIENT_SCOPE: ['AUTH', 'PERMITTED', 'E403'],
  FORBIDDEN: ['AUTH', 'PERMITTED', 'E403'],
  ACCOUNT_INACTIVE: ['AUTH', 'PERMITTED', 'E403'],
  VALIDATION_ERROR: ['AUTH', 'PERMITTED', 'INPUT', 'E422V'],
  NOT_FOUND: ['AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'E4XX'],
  DUPLICATE_RESOURCE: ['AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'E4XX'],
  BUSINESS_RULE_VIOLATION: ['AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'E422B'],
  DATABASE_ERROR: ['AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'E500D'],
  INTERNAL_ERROR: ['AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'E500I'],
}

/** The branch of diagrams/api/handler-error-recovery.mmd, for errors thrown by a handler. */
const RECOVERY_BRANCHES: Record<string, string> = {
  DATABASE_ERROR: 'Database error',
  BUSINESS_RULE_VIOLATION: 'Business rule broken',
  INTERNAL_ERROR: 'Unexpected error',
}

/** Marks the documented error flows; errors no diagram shows (timeouts, faults) mark nothing. */
const markErrorFlows = (c: Context<AppEnv>, error: AppError): void => {
  if (!c.get('apiRequest') || error.headers['X-Fault-Injected'] !== undefined) return
  const fromHandler = c.get('pipelineStep') === 'VALIDATE'
  pipelineError(c, error.code)
  const path =
    error instanceof MalformedRequestError
      ? ['AUTH', 'PERMITTED', 'INPUT', 'E400']
      : ERROR_PATHS[error.code]
  if (path === undefined) return
  const critical = error.status >= 500
  flowStep(
    'api/error-handling',
    'REQUEST',
    ...path,
    'LOG',
    'CRITICAL',
    ...(critical ? ['ALERT'] : []),
    'RESPOND',
  )
  const branch = RECOVERY_BRANCHES[error.code]
  if (fromHandler && branch !== undefined) flowStep('api/handler-error-recovery', branch)
}

export const errorHandler = (): ErrorHandler<AppEnv> => {
  return function errorHandler(error, c) {
    const appError = toAppError(error)
    const { metrics, alerts } = c.get('services')
    const requestId = c.get('requestId') ?? 'unknown'
    markErrorFlows(c, appError)
    const fields = { code: appError.code, status: appError.status, requestId }
    if (appError.status >= 500) {
      c.get('log')?.error({ ...fields, err: error }, appError.message)
      alerts.critical({
        requestId,
        code: appError.code,
        status: appError.status,
        method: c.req.method,
        route: routeTemplate(c),
        error,
      })
    } else {
      c.get('log')?.warn({ ...fields, message: appError.message }, 'request failed')
    }
    metrics.errorsTotal.inc({ code: appError.code, status: String(appError.status) })
    for (const [name, value] of Object.entries(appError.headers)) c.header(name, value)
    if (appError.status === 401 && appError.headers['WWW-Authenticate'] === undefined)
      c.header('WWW-Authenticate', 'Bearer realm="blueround"')
    return c.json(failure(c, appError), appError.status)
  }
}

/** Unmatched routes: 404 NOT_FOUND in the error envelope. */
export const notFound = (): NotFoundHandler<AppEnv> => {
  return function notFound(c: Context<AppEnv>) {
    pipelineStep(c, 'ROUTE')
    return errorHandler()(new NotFoundError(`No route for ${c.req.method} ${c.req.path}`), c)
  }
}
