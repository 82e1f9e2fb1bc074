/** @module Contracts of `/v{n}/api-keys`. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  PageQuerySchema,
  badRequestError,
  bearerSecurity,
  commonErrors,
  conflictError,
  json,
  notFoundError,
  paginatedEnvelope,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { idempotency } from '../../middleware/idempotency/index.ts'
import { requireScope } from '../../middleware/permission/index.ts'

const Scope = z.enum(['read', 'write', 'admin'])

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'key_3h9Xc2LrQm0aVt7B' }),
    name: z.string().openapi({ example: 'CI pipeline' }),
    prefix: z.string().openapi({ example: 'brk_k2m9x0qa', description: 'Display prefix' }),
    scopes: z.array(Scope),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey')

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z
    .string()
    .nullable()
    .openapi({
      description:
        'The secret key, shown only in this response. `null` when the response is an ' +
        'Idempotency-Key replay.',
    }),
}).openapi('CreatedApiKey')

export const CreateApiKeyBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(Scope).min(1).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .openapi('CreateApiKey', { example: { name: 'CI pipeline', scopes: ['read'] } })

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'key_3h9Xc2LrQm0aVt7B' }),
})

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { in: 'header' },
      description:
        'Makes retries safe: a repeat with the same key and body returns the first result.',
    }),
})

export const listApiKeys = createRoute({
  method: 'get',
  path: '/api-keys',
  tags: ['API keys'],
  summary: "List the organization's API keys",
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: json(paginatedEnvelope(ApiKeySchema), 'A page of API keys, newest first'),
    ...commonErrors,
  },
})

export const getApiKey = createRoute({
  method: 'get',
  path: '/api-keys/{id}',
  tags: ['API keys'],
  summary: 'Get one API key',
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(ApiKeySchema), 'The API key'),
    ...notFoundError,
    ...commonErrors,
  },
})

/** Stored Idempotency-Key results never contain the secret. */
const redactKey = (body: unknown): unknown => {
  const b = body as { data?: Record<string, unknown> }
  return b.data === undefined ? body : { ...b, data: { ...b.data, key: null } }
}

export const createApiKey = createRoute({
  method: 'post',
  path: '/api-keys',
  tags: ['API keys'],
  summary: 'Create an API key (the key is returned once)',
  security: bearerSecurity,
  middleware: [requireScope('write'), idempotency({ redact: redactKey })] as const,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateApiKeyBodySchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(CreatedApiKeySchema), 'The new key, including its secret'),
    ...badRequestError,
    ...conflictError,
    ...commonErrors,
  },
})

export const revokeApiKey = createRoute({
  method: 'delete',
  path: '/api-keys/{id}',
  tags: ['API keys'],
  summary: 'Revoke an API key',
  security: bearerSecurity,
  middleware: [requireScope('write')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(ApiKeySchema), 'The revoked key'),
    ...notFoundError,
    ...commonErrors,
  },
})
