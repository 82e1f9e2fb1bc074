/** @module Zod schemas of the envelopes and shared parameters, for routes and `/openapi.json`. */
import { z } from '@hono/zod-openapi'

export const FieldProblemSchema = z
  .object({ field: z.string(), message: z.string() })
  .openapi('FieldProblem')

export const SuccessMetaSchema = z
  .object({
    timestamp: z.string().openapi({ example: '2026-11-22T10:00:00.000Z' }),
    version: z.string().openapi({ example: 'v1' }),
    requestId: z.string().openapi({ example: '0b7f3c1e-6a53-4a8e-9f5e-0d8f7c1b2a3d' }),
  })
  .openapi('SuccessMeta')

export const PaginationSchema = z
  .object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
    hasNextPage: z.boolean(),
    hasPreviousPage: z.boolean(),
  })
  .openapi('Pagination')

export const ErrorEnvelopeSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_ERROR' }),
      message: z.string().openapi({ example: 'Invalid input parameters' }),
      details: z.array(FieldProblemSchema).optional(),
    }),
    meta: z.object({ timestamp: z.string(), requestId: z.string() }),
  })
  .openapi('ErrorEnvelope')

export const successEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, meta: SuccessMetaSchema })

export const paginatedEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({
    success: z.literal(true),
    data: z.array(item),
    pagination: PaginationSchema,
    meta: SuccessMetaSchema,
  })

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

const errorResponse = (description: string) => json(ErrorEnvelopeSchema, description)

/** The error responses every authenticated route can give. */
export const commonErrors = {
  401: errorResponse('UNAUTHORIZED: missing or invalid credentials'),
  403: errorResponse('INSUFFICIENT_SCOPE, FORBIDDEN or ACCOUNT_INACTIVE'),
  406: errorResponse('UNSUPPORTED_VERSION'),
  422: errorResponse('VALIDATION_ERROR with field details'),
  429: errorResponse('RATE_LIMITED; see Retry-After'),
  500: errorResponse('DATABASE_ERROR or INTERNAL_ERROR'),
  504: errorResponse('TIMEOUT'),
} as const

export const notFoundError = { 404: errorResponse('NOT_FOUND') } as const
export const badRequestError = { 400: errorResponse('VALIDATION_ERROR: malformed JSON') } as const
export const conflictError = {
  409: errorResponse('IDEMPOTENCY_IN_PROGRESS or DUPLICATE_RESOURCE'),
} as const

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
})

/** Security requirement for routes that take an API key. */
export const bearerSecurity = [{ apiKey: [] }]
