/** @module Contracts of `/v{n}/orders`: purchase orders and the supplier's acknowledgement. */
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
import { requireSupplierOr } from '../../middleware/supplier-access/index.ts'

const OrderStatus = z.enum(['submitted', 'acknowledged', 'rejected', 'shipped', 'delivered'])

export const OrderSchema = z
  .object({
    id: z.string().openapi({ example: 'po_V7c2Lq9xTm1aZk0B' }),
    supplierId: z.string().openapi({ example: 'sup_H3k9Wq2mZx8aLt0C' }),
    status: OrderStatus.openapi({ example: 'submitted' }),
    note: z.string().nullable(),
    lines: z.array(
      z.object({
        productId: z.string(),
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
      }),
    ),
    shipmentIds: z.array(z.string()),
    supplierReference: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('PurchaseOrder')

export const CreateOrderBodySchema = z
  .object({
    supplierId: z.string().min(1).max(64),
    lines: z
      .array(
        z.object({
          productId: z.string().min(1).max(64),
          quantity: z.number().int().min(1).max(1_000_000),
        }),
      )
      .min(1)
      .max(100),
    note: z.string().max(2000).optional(),
  })
  .openapi('CreatePurchaseOrder', {
    example: {
      supplierId: 'sup_H3k9Wq2mZx8aLt0C',
      lines: [{ productId: 'prd_Q2m8xV0aLk3tZr7B', quantity: 100 }],
    },
  })

export const AcknowledgementBodySchema = z
  .object({
    accepted: z.boolean(),
    supplierReference: z.string().max(100).optional(),
    reason: z.string().max(2000).optional(),
    shipment: z
      .object({
        carrier: z.string().min(1).max(100),
        trackingNumber: z.string().min(1).max(100),
        estimatedDeliveryAt: z.iso.datetime({ offset: true }).optional(),
      })
      .optional()
      .openapi({ description: 'The shipment the supplier sends the order in, if accepted' }),
  })
  .openapi('OrderAcknowledgement', {
    example: {
      accepted: true,
      supplierReference: 'SO-88121',
      shipment: { carrier: 'Simulated Carrier', trackingNumber: 'SIM123456' },
    },
  })

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'po_V7c2Lq9xTm1aZk0B' }),
})

const tags = ['Purchase orders']

export const listOrders = createRoute({
  method: 'get',
  path: '/orders',
  tags,
  summary: 'List purchase orders, newest first',
  security: bearerSecurity,
  middleware: [requireScope('orders:read')] as const,
  request: { query: PageQuerySchema.extend({ status: OrderStatus.optional() }) },
  responses: {
    200: json(paginatedEnvelope(OrderSchema), 'A page of orders'),
    ...commonErrors,
  },
})

export const createOrder = createRoute({
  method: 'post',
  path: '/orders',
  tags,
  summary: 'Place a purchase order; the supplier is notified by a signed webhook',
  security: bearerSecurity,
  middleware: [requireScope('orders:write'), idempotency()] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { content: { 'application/json': { schema: CreateOrderBodySchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(OrderSchema), 'The order, status `submitted`'),
    ...badRequestError,
    ...conflictError,
    ...commonErrors,
  },
})

export const getOrder = createRoute({
  method: 'get',
  path: '/orders/{id}',
  tags,
  summary: 'Get one purchase order',
  security: bearerSecurity,
  middleware: [requireScope('orders:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(OrderSchema), 'The order'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const acknowledgeOrder = createRoute({
  method: 'post',
  path: '/orders/{id}/acknowledgement',
  tags,
  summary: "The supplier accepts or rejects an order (supplier's key only)",
  description:
    "Authenticated with the supplier's own key (`Authorization: Bearer brs_…`). Another " +
    "supplier's order answers 404; an order that is not `submitted` answers 422.",
  security: bearerSecurity,
  middleware: [requireSupplierOr(undefined, 'acknowledge its orders'), idempotency()] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    params: IdParams,
    body: {
      content: { 'application/json': { schema: AcknowledgementBodySchema } },
      required: true,
    },
  },
  responses: {
    200: json(successEnvelope(OrderSchema), 'The acknowledged (or rejected) order'),
    ...badRequestError,
    ...conflictError,
    ...notFoundError,
    ...commonErrors,
  },
})
