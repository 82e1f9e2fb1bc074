/** @module Contract of `/v{n}/inventory/scans`: barcode scans that move stock. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  conflictError,
  json,
  notFoundError,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { IdempotencyHeaderSchema } from '../../lib/idempotency-header.ts'
import { idempotency } from '../../middleware/idempotency/index.ts'
import { requireScope } from '../../middleware/permission/index.ts'

export const InventorySchema = z
  .object({
    productId: z.string().openapi({ example: 'prd_Q2m8xV0aLk3tZr7B' }),
    sku: z.string().openapi({ example: 'BOLT-M8-40' }),
    barcode: z.string().openapi({ example: '4006381333931' }),
    quantityOnHand: z.number().int().openapi({ example: 18 }),
    reorderLevel: z.number().int().openapi({ example: 20 }),
    belowReorderLevel: z.boolean().openapi({ example: true }),
    location: z.string().nullable().openapi({ example: 'Aisle 4, bin 12' }),
    scanId: z.string().openapi({ example: 'scn_Xq1mV9aLk2tZr7Bc' }),
    updatedAt: z.string(),
  })
  .openapi('Inventory')

export const ScanBodySchema = z
  .object({
    barcode: z.string().trim().min(1).max(64),
    quantityDelta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((n) => n !== 0, 'must not be 0')
      .openapi({ description: 'Positive: received. Negative: picked or written off.' }),
    location: z.string().trim().min(1).max(100).optional(),
  })
  .openapi('InventoryScan', {
    example: { barcode: '4006381333931', quantityDelta: -5, location: 'Aisle 4, bin 12' },
  })

export const scanInventory = createRoute({
  method: 'post',
  path: '/inventory/scans',
  tags: ['Inventory'],
  summary: 'Record a barcode scan: add or remove stock',
  description:
    'Stock never goes negative (422). Falling below the reorder level raises one reorder alert ' +
    "per crossing: an email and an SMS to the organization's admins.",
  security: bearerSecurity,
  middleware: [requireScope('inventory:write'), idempotency()] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { content: { 'application/json': { schema: ScanBodySchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(InventorySchema), 'The updated inventory'),
    ...badRequestError,
    ...conflictError,
    ...notFoundError,
    ...commonErrors,
  },
})
