/**
 * @module Response envelopes (pipeline step 12): every `/v1` and `/v2` body is one of three shapes.
 * @see https://docs.blueround.com/api/response-formats/
 */
import type { Context } from 'hono'
import type { FieldProblem } from '../errors/app-error.ts'
import { flowStep } from '../observability/flow.ts'
import { pipelineStep } from '../observability/pipeline.ts'
import type { AppEnv } from './app-env.ts'

export interface SuccessMeta {
  timestamp: string
  version: string
  requestId: string
}

export interface Pagination {
  page: number
  pageSize: number
  total: number
  totalPages: number
  hasNextPage: boolean
  hasPreviousPage: boolean
}

// `toISOString` costs about a microsecond; under load many responses share a millisecond.
let lastMs = Number.NaN
let lastIso = ''

const timestamp = (c: Context<AppEnv>): string => {
  const now = c.get('services').deps.clock.now()
  if (now !== lastMs) {
    lastIso = new Date(now).toISOString()
    lastMs = now
  }
  return lastIso
}

export const successMeta = (c: Context<AppEnv>): SuccessMeta => ({
  timestamp: timestamp(c),
  version: `v${c.get('apiVersion') ?? 1}`,
  requestId: c.get('requestId'),
})

/** Marks the success path of the documented flows, once the handler has its data. */
const markSuccess = (c: Context<AppEnv>): void => {
  if (c.get('pipelineStep') !== 'VALIDATE') return
  pipelineStep(c, 'HANDLER', 'ENVELOPE')
  flowStep('api/error-handling', 'REQUEST', 'AUTH', 'PERMITTED', 'INPUT', 'PROCESS', 'OK')
  flowStep('api/handler-error-recovery', 'Success')
}

/** `{ success: true, data, meta }` */
export const success = <T>(c: Context<AppEnv>, data: T) => {
  markSuccess(c)
  return { success: true as const, data, meta: successMeta(c) }
}

export const paginationOf = (page: number, pageSize: number, total: number): Pagination => {
  const totalPages = Math.ceil(total / pageSize)
  return {
    page,
    pageSize,
    total,
    totalPages,
    hasNextPage: page < totalPages,
    hasPreviousPage: page > 1,
  }
}

/** `{ success: true, data: [...], pagination, meta }` */
export const paginated = <T>(
  c: Context<AppEnv>,
  data: T[],
  page: { page: number; pageSize: number; total: number },
) => {
  markSuccess(c)
  return {
    success: true as const,
    data,
    pagination: paginationOf(page.page, page.pageSize, page.total),
    meta: successMeta(c),
  }
}

/** `{ success: false, error: { code, message, details? }, meta: { timestamp, requestId } }` */
export const failure = (
  c: Context<AppEnv>,
  error: { code: string; message: string; details?: FieldProblem[] | undefined },
) => ({
  success: false as const,
  error: {
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  },
  meta: { timestamp: timestamp(c), requestId: c.get('requestId') ?? 'unknown' },
})
