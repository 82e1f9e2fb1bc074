/** @module Contracts of `/v{n}/suppliers` and `/v{n}/webhook-deliveries`. */
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
import { IdempotencyHeaderSchema } from '../../lib/idempotency-header.ts'
import { idempotency } from '../../middleware/idempotency/index.ts'
import { requireScope } from '../../middleware/permission/index.ts'

export const SupplierSchema = z
  .object({
    id: z.string().openapi({ example: 'sup_H3k9Wq2mZx8aLt0C' }),
    name: z.string().openapi({ example: 'Northwind Fasteners' }),
    email: z.string().openapi({ example: 'orders@northwind.test' }),
    phone: z.string().nullable(),
    webhookUrl: z.string().openapi({ example: 'https://northwind.test/blueround/webhooks' }),
    createdAt: z.string(),
  })
  .openapi('Supplier')

export const CreatedSupplierSchema = SupplierSchema.extend({
  apiKey: z
    .string()
    .nullable()
    .openapi({
      description:
        "The supplier's key (`brs_…`) for its callbacks. Shown only in this response; `null` in " +
        'an Idempotency-Key replay.',
    }),
  webhookSecret: z
    .string()
    .nullable()
    .openapi({
      description:
        'The HMAC-SHA256 key of the webhooks it receives. Shown only in this response; `null` in ' +
        'an Idempotency-Key replay.',
    }),
}).openapi('CreatedSupplier')

export const CreateSupplierBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    phone: z.string().trim().min(3).max(32).optional(),
    webhookUrl: z.url({ protocol: /^https?$/ }).max(2000),
  })
  .openapi('CreateSupplier', {
    example: {
      name: 'Northwind Fasteners',
      email: 'orders@northwind.test',
      webhookUrl: 'http://127.0.0.1:8787/_dev/supplier-simulator/webhook',
    },
  })

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    supplierId: z.string(),
    orderId: z.string().nullable(),
    eventType: z.string().openapi({ example: 'purchase_order.created' }),
    deliveryKey: z.string().openapi({ description: 'Sent as X-BlueRound-Delivery' }),
    attempt: z.number().int(),
    url: z.string(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    outcome: z.enum(['delivered', 'failed']),
    attemptedAt: z.string(),
  })
  .openapi('WebhookDelivery')

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sup_H3k9Wq2mZx8aLt0C' }),
})

const tags = ['Suppliers']

/** Stored Idempotency-Key results never contain the supplier's secrets. */
const redactSecrets = (body: unknown): unknown => {
  const b = body as { data?: Record<string, unknown> }
  return b.data === undefined
    ? body
    : { ...b, data: { ...b.data, apiKey: null, webhookSecret: null } }
}

export const listSuppliers = createRoute({
  method: 'get',
  path: '/suppliers',
  tags,
  summary: "List the organization's suppliers",
  security: bearerSecurity,
  middleware: [requireScope('orders:read')] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: json(paginatedEnvelope(SupplierSchema), 'A page of suppliers, by name'),
    ...commonErrors,
  },
})

export const createSupplier = createRoute({
  method: 'post',
  path: '/suppliers',
  tags,
  summary: 'Add a supplier (its key and webhook secret are returned once)',
  security: bearerSecurity,
  middleware: [requireScope('orders:write'), idempotency({ redact: redactSecrets })] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { content: { 'application/json': { schema: CreateSupplierBodySchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(CreatedSupplierSchema), 'The supplier with its secrets'),
    ...badRequestError,
    ...conflictError,
    ...commonErrors,
  },
})

export const getSupplier = createRoute({
  method: 'get',
  path: '/suppliers/{id}',
  tags,
  summary: 'Get one supplier',
  security: bearerSecurity,
  middleware: [requireScope('orders:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(SupplierSchema), 'The supplier'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const listWebhookDeliveries = createRoute({
  method: 'get',
  path: '/webhook-deliveries',
  tags,
  summary: 'The webhook delivery log: one entry per attempt, newest first',
  security: bearerSecurity,
  middleware: [requireScope('orders:read')] as const,
  request: {
    query: PageQuerySchema.extend({
      orderId: z.string().max(64).optional(),
      supplierId: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: json(paginatedEnvelope(WebhookDeliverySchema), 'A page of delivery attempts'),
    ...commonErrors,
  },
})
