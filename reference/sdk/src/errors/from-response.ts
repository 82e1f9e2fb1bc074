/** @module Turns an error response into the matching typed error. */
import { AuthenticationError } from './authentication-error.ts'
import { BadRequestError } from './bad-request-error.ts'
import { ConflictError } from './conflict-error.ts'
import { NotFoundError } from './not-found-error.ts'
import { PermissionDeniedError } from './permission-denied-error.ts'
import { RateLimitError } from './rate-limit-error.ts'
import { RedcoreAPIError, type ApiErrorInit, type FieldProblem } from './redcore-api-error.ts'
import { ValidationError } from './validation-error.ts'

/** The class each status maps to; anything else is a plain {@link RedcoreAPIError}. */
export const ERROR_CLASS_BY_STATUS = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
} as const

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isFieldProblem = (value: unknown): value is FieldProblem =>
  isRecord(value) && typeof value['field'] === 'string' && typeof value['message'] === 'string'

/** Reads `{ success: false, error: { code, message, details? }, meta: { requestId } }`. */
export const parseErrorEnvelope = (
  body: unknown,
  status: number,
  statusText: string,
): { code: string; message: string; details: FieldProblem[] | undefined; requestId?: string } => {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {}
  const meta = isRecord(body) && isRecord(body['meta']) ? body['meta'] : {}
  const details = Array.isArray(error['details'])
    ? error['details'].filter(isFieldProblem)
    : undefined
  return {
    code: typeof error['code'] === 'string' ? error['code'] : `HTTP_${status}`,
    message: typeof error['message'] === 'string' ? error['message'] : statusText || 'No message',
    details,
    ...(typeof meta['requestId'] === 'string' ? { requestId: meta['requestId'] } : {}),
  }
}

/** Reads `Retry-After` in seconds (delta-seconds or an HTTP date), or `undefined`. */
export const parseRetryAfter = (value: string | null, now: number): number | undefined => {
  if (value === null || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/**
 * Builds the typed error for an error response whose body has been read.
 * @param init - everything but `code`, `serverMessage`, `details` (read from the body)
 */
export const errorFromResponse = (
  init: Omit<ApiErrorInit, 'code' | 'serverMessage' | 'details' | 'requestId'> & {
    response: Response
    now: number
  },
): RedcoreAPIError => {
  const { now, ...rest } = init
  const parsed = parseErrorEnvelope(init.body, init.status, init.response.statusText)
  const full: ApiErrorInit = {
    ...rest,
    code: parsed.code,
    serverMessage: parsed.message,
    details: parsed.details,
    requestId: init.response.headers.get('x-request-id') ?? parsed.requestId,
  }
  if (init.status === 429)
    return new RateLimitError({
      ...full,
      retryAfter: parseRetryAfter(init.response.headers.get('retry-after'), now),
    })
  const ErrorClass =
    ERROR_CLASS_BY_STATUS[init.status as keyof typeof ERROR_CLASS_BY_STATUS] ?? RedcoreAPIError
  return new ErrorClass(full)
}
