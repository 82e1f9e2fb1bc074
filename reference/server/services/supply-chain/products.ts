/**
 * @module Products: the catalog. Create, list with a name filter, get, update and soft-delete,
 * always within the caller's organization.
 * @see https://docs.blueround.com/catalog/products/
 */
import { DuplicateResourceError } from '../../errors/duplicate-resource-error.ts'
import { isDatabaseError } from '../../errors/database-error.ts'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { flowStep } from '../../observability/flow.ts'
import {
  createProductRepository,
  type ProductWithStock,
} from '../../store/supply-chain/products.ts'
import type { SupplyChainExecutor } from '../../store/supply-chain/schema.ts'
import { isoNow, newSupplyChainId, type SupplyChainContext } from './context.ts'

export interface ProductView {
  id: string
  name: string
  sku: string
  barcode: string
  description: string | null
  reorderLevel: number
  reorderQuantity: number
  quantityOnHand: number
  location: string | null
  createdAt: string
  updatedAt: string
}

export const toProductView = (row: ProductWithStock): ProductView => ({
  id: row.id,
  name: row.name,
  sku: row.sku,
  barcode: row.barcode,
  description: row.description,
  reorderLevel: row.reorder_level,
  reorderQuantity: row.reorder_quantity,
  quantityOnHand: row.quantity,
  location: row.location,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export interface ProductInput {
  name: string
  sku: string
  barcode: string
  description?: string | null | undefined
  reorderLevel?: number | undefined
  reorderQuantity?: number | undefined
}

const NOT_FOUND = 'Product not found'
const CREATE_FLOW = 'catalog/create-product'

/** A unique violation on SKU or barcode becomes 409 DUPLICATE_RESOURCE naming both fields. */
const duplicate = (error: unknown): never => {
  if (isDatabaseError(error) && error.failure === 'unique_violation')
    throw new DuplicateResourceError('A live product already uses this SKU or barcode', {
      details: [
        { field: 'sku', message: 'must be unique among live products' },
        { field: 'barcode', message: 'must be unique among live products' },
      ],
      cause: error,
    })
  throw error
}

export const createProductService = (ctx: SupplyChainContext) => {
  const repo = createProductRepository(ctx.db)
  const load = async (organizationId: string, id: string, executor?: SupplyChainExecutor) => {
    const row = await repo.find(organizationId, id, executor)
    if (row === undefined) throw new NotFoundError(NOT_FOUND)
    return row
  }

  return {
    repo,

    /** Inserts the product and its empty stock in one committed transaction. */
    async create(organizationId: string, input: ProductInput): Promise<ProductView> {
      const now = isoNow(ctx.clock)
      const id = newSupplyChainId('prd')
      const row = await ctx.db
        .transaction()
        .execute(async (trx) => {
          await repo.create(trx, {
            id,
            organization_id: organizationId,
            name: input.name,
            sku: input.sku,
            barcode: input.barcode,
            description: input.description ?? null,
            reorder_level: input.reorderLevel ?? 0,
            reorder_quantity: input.reorderQuantity ?? 0,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          })
          return load(organizationId, id, trx)
        })
        .catch((error: unknown) => {
          if (isDatabaseError(error) && error.failure === 'unique_violation')
            flowStep(CREATE_FLOW, 'SKU or barcode already used')
          return duplicate(error)
        })
      flowStep(CREATE_FLOW, 'Inserted')
      return toProductView(row)
    },

    async list(
      organizationId: string,
      query: { name?: string | undefined; page: number; pageSize: number },
    ) {
      const { rows, total } = await repo.list(
        organizationId,
        { name: query.name },
        { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
      )
      return { items: rows.map(toProductView), total }
    },

    async get(organizationId: string, id: string): Promise<ProductView> {
      return toProductView(await load(organizationId, id))
    },

    async update(
      organizationId: string,
      id: string,
      input: { [K in keyof ProductInput]?: ProductInput[K] | undefined },
    ): Promise<ProductView> {
      const row = await ctx.db
        .transaction()
        .execute(async (trx) => {
          const updated = await repo.update(trx, organizationId, id, {
            ...(input.name === undefined ? {} : { name: input.name }),
            ...(input.sku === undefined ? {} : { sku: input.sku }),
            ...(input.barcode === undefined ? {} : { barcode: input.barcode }),
            ...(input.description === undefined ? {} : { description: input.description }),
            ...(input.reorderLevel === undefined ? {} : { reorder_level: input.reorderLevel }),
            ...(input.reorderQuantity === undefined
              ? {}
              : { reorder_quantity: input.reorderQuantity }),
            updated_at: isoNow(ctx.clock),
          })
          if (!updated) throw new NotFoundError(NOT_FOUND)
          return load(organizationId, id, trx)
        })
        .catch(duplicate)
      return toProductView(row)
    },

    /** Soft delete: the row stays (orders keep referring to it) but the API no longer sees it. */
    async remove(organizationId: string, id: string): Promise<{ id: string; deletedAt: string }> {
      const at = isoNow(ctx.clock)
      if (!(await repo.softDelete(organizationId, id, at))) throw new NotFoundError(NOT_FOUND)
      return { id, deletedAt: at }
    },
  }
}

export type ProductService = ReturnType<typeof createProductService>
