/** @module Reads the API's success envelopes: `{ success, data, meta }` and its paginated twin. */
import { RedcoreError } from '../errors/redcore-error.ts'
import type { ApiResponse } from '../http/request.ts'
import type { Pagination } from './model.ts'

/** One page of a list. */
export interface Page<T> {
  data: T[]
  pagination: Pagination
  requestId: string | undefined
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const unexpected = (result: ApiResponse, expected: string) =>
  new RedcoreError(
    `${result.response.url || 'The response'} did not contain ${expected} (request ${result.requestId ?? 'unknown'})`,
  )

/** `data` of a success envelope. Shapes are checked against OpenAPI by the tests, not here. */
export const itemOf = <T>(result: ApiResponse): T => {
  if (!isRecord(result.body) || !('data' in result.body))
    throw unexpected(result, 'a success envelope')
  return result.body['data'] as T
}

/** `data` and `pagination` of a paginated envelope. */
export const pageOf = <T>(result: ApiResponse): Page<T> => {
  const body = result.body
  if (!isRecord(body) || !Array.isArray(body['data']) || !isRecord(body['pagination']))
    throw unexpected(result, 'a paginated envelope')
  return {
    data: body['data'] as T[],
    pagination: body['pagination'] as Pagination,
    requestId: result.requestId,
  }
}
