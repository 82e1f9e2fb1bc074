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

const STEP_BY_STATUS: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  422: 'business_error',
}

export const errorHandler = (): ErrorHandler<AppEnv> => {
  return function errorHandler(error, c) {
    const appError = toAppError(error)
    const { metrics, alerts } = c.var.services
    const requestId = c.var.requestId ?? 'unknown'
    flowStep('api/error-handling', STEP_BY_STATUS[appError.status] ?? `status_${appError.status}`)
    const fields = { code: appError.code, status: appError.status, requestId }
    if (appError.status >= 500) {
      c.var.log?.error({ ...fields, err: error }, appError.message)
      flowStep('api/error-handling', 'alert_critical')
      alerts.critical({
        requestId,
        code: appError.code,
        status: appError.status,
        method: c.req.method,
        route: routeTemplate(c),
        error,
      })
    } else {
      c.var.log?.warn({ ...fields, message: appError.message }, 'request failed')
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
    return errorHandler()(new NotFoundError(`No route for ${c.req.method} ${c.req.path}`), c)
  }
}
