/** @module The API answered with an error status. */
import { RedcoreError } from './redcore-error.ts'

/** One problem with one input field, from `error.details` of the error envelope. */
export interface FieldProblem {
  field: string
  message: string
}

/** What every HTTP error knows about the failed call. */
export interface ApiErrorInit {
  status: number
  /** The envelope's UPPER_SNAKE `error.code`, e.g. `INTERNAL_ERROR`. */
  code: string
  /** The server's human message. */
  serverMessage: string
  requestId: string | undefined
  details: FieldProblem[] | undefined
  /** The last response (its body has been read into {@link RedcoreAPIError.body}). */
  response: Response | undefined
  method: string
  url: string
  /** HTTP attempts made for this logical call, retries included. */
  attempts: number
  body: unknown
}

const describe = (init: ApiErrorInit): string => {
  const attempts = init.attempts === 1 ? '1 attempt' : `${init.attempts} attempts`
  const request = init.requestId === undefined ? '' : `, request ${init.requestId}`
  return (
    `${init.method} ${init.url} failed with ${init.status} ${init.code}: ${init.serverMessage} ` +
    `(${attempts}${request})`
  )
}

/**
 * The API answered with an error status. Thrown as is when retries run out on 5xx, and as a
 * subclass for statuses with their own meaning (400, 401, 403, 404, 409, 422, 429).
 * @example
 * try { await client.apiKeys.get('key_missing') } catch (error) {
 *   if (isRedcoreAPIError(error)) console.error(error.status, error.code, error.requestId)
 * }
 * @see https://docs.blueround.com/sdk/retries-and-errors/
 */
export class RedcoreAPIError extends RedcoreError {
  override name = 'RedcoreAPIError'
  readonly status: number
  readonly code: string
  readonly requestId: string | undefined
  readonly details: FieldProblem[] | undefined
  readonly response: Response | undefined
  readonly method: string
  readonly url: string
  readonly attempts: number
  /** The parsed response body (the error envelope), when there was one. */
  readonly body: unknown
  constructor(init: ApiErrorInit, message = describe(init)) {
    super(message)
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId
    this.details = init.details
    this.response = init.response
    this.method = init.method
    this.url = init.url
    this.attempts = init.attempts
    this.body = init.body
  }
}

/** Guard for {@link RedcoreAPIError} and its subclasses. */
export const isRedcoreAPIError = (error: unknown): error is RedcoreAPIError =>
  error instanceof RedcoreAPIError
