/**
 * @module Fault injection (dev and test mode only): forced statuses, scripted sequences across the
 * retries of one logical request, artificial delay, and simulated database/cache outages.
 * @see https://docs.blueround.com/api/fault-injection/
 */
import { AppError } from '../errors/app-error.ts'
import { ValidationError } from '../errors/validation-error.ts'
import type { FieldProblem } from '../errors/app-error.ts'
import type { Cache } from '../store/cache/cache.ts'

/** A fault session's script lives this long after its last use. */
export const FAULT_SESSION_TTL_MS = 10 * 60_000
export const MAX_FAULT_DELAY_MS = 60_000

export interface FaultRequest {
  status: number | undefined
  retryAfter: number | undefined
  delayMs: number | undefined
  session: string | undefined
  sequence: number[] | undefined
}

const CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  406: 'UNSUPPORTED_VERSION',
  409: 'DUPLICATE_RESOURCE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
}

const isStatus = (n: number): boolean => Number.isInteger(n) && n >= 200 && n <= 599

/** Reads the `X-Fault-*` headers; `undefined` when none is present. Throws on bad values. */
export const parseFaultHeaders = (
  header: (name: string) => string | undefined,
): FaultRequest | undefined => {
  const raw = {
    status: header('x-fault-status'),
    retryAfter: header('x-fault-retry-after'),
    delayMs: header('x-fault-delay-ms'),
    session: header('x-fault-session'),
    sequence: header('x-fault-sequence'),
  }
  if (Object.values(raw).every((v) => v === undefined)) return undefined
  const problems: FieldProblem[] = []
  const int = (field: string, value: string | undefined, ok: (n: number) => boolean) => {
    if (value === undefined) return undefined
    const n = Number(value)
    if (/^\d+$/.test(value.trim()) && ok(n)) return n
    problems.push({ field, message: `invalid value ${JSON.stringify(value)}` })
    return undefined
  }
  const status = int('X-Fault-Status', raw.status, isStatus)
  const retryAfter = int('X-Fault-Retry-After', raw.retryAfter, (n) => n <= 86_400)
  const delayMs = int('X-Fault-Delay-Ms', raw.delayMs, (n) => n <= MAX_FAULT_DELAY_MS)
  let sequence: number[] | undefined
  if (raw.sequence !== undefined) {
    sequence = raw.sequence.split(',').map((s) => Number(s.trim()))
    if (sequence.length === 0 || sequence.length > 20 || !sequence.every(isStatus)) {
      problems.push({
        field: 'X-Fault-Sequence',
        message: 'expected 1-20 statuses, e.g. 503,500,200',
      })
      sequence = undefined
    }
  }
  const session = raw.session?.trim()
  if (session !== undefined && !/^[\w.:-]{1,128}$/.test(session))
    problems.push({ field: 'X-Fault-Session', message: 'expected 1-128 letters, digits, . _ : -' })
  if (sequence !== undefined && session === undefined)
    problems.push({ field: 'X-Fault-Session', message: 'required with X-Fault-Sequence' })
  if (problems.length > 0)
    throw new ValidationError('Invalid fault injection headers', { details: problems })
  return { status, retryAfter, delayMs, session, sequence }
}

/**
 * The status this request must answer with, or `undefined` to handle it normally. A session's
 * sequence is stored by its first request; each request with the session takes the next entry;
 * past the end, requests are handled normally.
 */
export const resolveFaultStatus = async (
  cache: Cache,
  fault: FaultRequest,
): Promise<number | undefined> => {
  if (fault.session === undefined) return fault.status
  const key = `fault:${fault.session}`
  let script = await cache.get(`${key}:sequence`)
  if (script === undefined) {
    if (fault.sequence === undefined) return fault.status
    script = fault.sequence.join(',')
    await cache.set(`${key}:sequence`, script, FAULT_SESSION_TTL_MS)
  }
  const position = await cache.increment(`${key}:position`, FAULT_SESSION_TTL_MS)
  const next = script.split(',')[position - 1]
  return next === undefined ? undefined : Number(next)
}

/** The error a forced status answers with. 429 and 503 carry `Retry-After` when one was given. */
export const faultError = (status: number, retryAfter: number | undefined): AppError => {
  const headers: Record<string, string> = { 'X-Fault-Injected': `status=${status}` }
  if (status === 429 || status === 503 || retryAfter !== undefined)
    headers['Retry-After'] = String(retryAfter ?? 1)
  const code = CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST')
  return new AppError(status as AppError['status'], code, `Injected fault: status ${status}`, {
    headers,
  })
}
