/** @module Contracts of `/v{n}/products`: the catalog. */
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

export const ProductSchema = z
  .object({
    id: z.string().openapi({ example: 'prd_Q2m8xV0aLk3tZr7B' }),
    name: z.string().openapi({ example: 'Hex bolt M8 x 40' }),
    sku: z.string().openapi({ example: 'BOLT-M8-40' }),
    barcode: z.string().openapi({ example: '4006381333931' }),
    description: z.string().nullable(),
    reorderLevel: z.number().int().openapi({ example: 20 }),
    reorderQuantity: z.number().int().openapi({ example: 100 }),
    quantityOnHand: z.number().int().openapi({ example: 42 }),
    location: z.string().nullable().openapi({ example: 'Aisle 4, bin 12' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product')

const Name = z.string().trim().min(1).max(200)
const Sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
const Barcode = z
  .string()
  .trim()
  .min(4)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and "-" only')
const Level = z.number().int().min(0).max(1_000_000_000)

export const CreateProductBodySchema = z
  .object({
    name: Name,
    sku: Sku,
    barcode: Barcode,
    description: z.string().max(2000).nullable().optional(),
    reorderLevel: Level.default(0),
    reorderQuantity: Level.default(0),
  })
  .openapi('CreateProduct', {
    example: {
      name: 'Hex bolt M8 x 40',
      sku: 'BOLT-M8-40',
      barcode: '4006381333931',
      reorderLevel: 20,
      reorderQuantity: 100,
    },
  })

export const UpdateProductBodySchema = z
  .object({
    name: Name,
    sku: Sku,
    barcode: Barcode,
    description: z.string().max(2000).nullable(),
    reorderLevel: Level,
    reorderQuantity: Level,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field')
  .openapi('UpdateProduct', { example: { reorderLevel: 30 } })

const ListQuerySchema = PageQuerySchema.extend({
  name: z
    .string()
    .max(200)
    .optional()
    .openapi({
      example: 'bolt',
      description:
        'Case-insensitive substring of the name. `%`, `_` and `\\` match literally; the value is ' +
        'always a bound parameter.',
    }),
})

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'prd_Q2m8xV0aLk3tZr7B' }),
})

const tags = ['Products']

export const listProducts = createRoute({
  method: 'get',
  path: '/products',
  tags,
  summary: 'List products, optionally filtered by name',
  security: bearerSecurity,
  middleware: [requireScope('products:read')] as const,
  request: { query: ListQuerySchema },
  responses: {
    200: json(paginatedEnvelope(ProductSchema), 'A page of products, by name'),
    ...commonErrors,
  },
})

export const createProduct = createRoute({
  method: 'post',
  path: '/products',
  tags,
  summary: 'Create a product',
  security: bearerSecurity,
  middleware: [requireScope('products:write'), idempotency()] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { content: { 'application/json': { schema: CreateProductBodySchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(ProductSchema), 'The new product (stock 0)'),
    ...badRequestError,
    ...conflictError,
    ...commonErrors,
  },
})

export const getProduct = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags,
  summary: 'Get one product with its stock',
  security: bearerSecurity,
  middleware: [requireScope('products:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(ProductSchema), 'The product'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const updateProduct = createRoute({
  method: 'patch',
  path: '/products/{id}',
  tags,
  summary: 'Change some fields of a product',
  security: bearerSecurity,
  middleware: [requireScope('products:write')] as const,
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateProductBodySchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(ProductSchema), 'The updated product'),
    ...badRequestError,
    ...conflictError,
    ...notFoundError,
    ...commonErrors,
  },
})

export const DeletedProductSchema = z
  .object({ id: z.string(), deletedAt: z.string() })
  .openapi('DeletedProduct')

export const deleteProduct = createRoute({
  method: 'delete',
  path: '/products/{id}',
  tags,
  summary: 'Delete a product (soft delete: orders keep referring to it)',
  security: bearerSecurity,
  middleware: [requireScope('products:write')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(DeletedProductSchema), 'The product is deleted'),
    ...notFoundError,
    ...commonErrors,
  },
})
