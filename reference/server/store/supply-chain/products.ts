/** @module Product rows (with their inventory level). Every query is scoped by organization. */
import type { Insertable } from 'kysely'
import { prepared } from '../prepared.ts'
import { containsIgnoringCase } from './like-pattern.ts'
import type { ProductRow, ProductsTable, SupplyChainDb, SupplyChainExecutor } from './schema.ts'

/** A product as read: its row and its stock. */
export type ProductWithStock = ProductRow & { quantity: number; location: string | null }

export const createProductRepository = (db: SupplyChainDb) => {
  const withStock = (executor: SupplyChainExecutor) =>
    executor
      .selectFrom('products as p')
      .innerJoin('inventory_levels as i', 'i.product_id', 'p.id')
      .selectAll('p')
      .select(['i.quantity', 'i.location'])
      .where('p.deleted_at', 'is', null)
  // `GET /products/{id}` outside a transaction: compiled once (see prepared.ts).
  const findById = prepared(db, ['string', 'string'], (organizationId, id) =>
    withStock(db).where('p.organization_id', '=', organizationId).where('p.id', '=', id),
  )

  return {
    /** Inserts the product and its (empty) inventory level. */
    async create(executor: SupplyChainExecutor, row: Insertable<ProductsTable> & { id: string }) {
      await executor.insertInto('products').values(row).execute()
      await executor
        .insertInto('inventory_levels')
        .values({
          product_id: row.id,
          organization_id: row.organization_id,
          quantity: 0,
          location: null,
          reorder_alerted: 0,
          updated_at: row.created_at,
        })
        .execute()
    },

    find(organizationId: string, id: string, executor: SupplyChainExecutor = db) {
      if (executor === db)
        return findById(organizationId, id).then((rows) => rows[0] as ProductWithStock | undefined)
      return withStock(executor)
        .where('p.organization_id', '=', organizationId)
        .where('p.id', '=', id)
        .executeTakeFirst() as Promise<ProductWithStock | undefined>
    },

    findByBarcode(organizationId: string, barcode: string, executor: SupplyChainExecutor = db) {
      return withStock(executor)
        .where('p.organization_id', '=', organizationId)
        .where('p.barcode', '=', barcode)
        .executeTakeFirst() as Promise<ProductWithStock | undefined>
    },

    findMany(organizationId: string, ids: readonly string[], executor: SupplyChainExecutor = db) {
      if (ids.length === 0) return Promise.resolve([] as ProductWithStock[])
      return withStock(executor)
        .where('p.organization_id', '=', organizationId)
        .where('p.id', 'in', [...ids])
        .execute() as Promise<ProductWithStock[]>
    },

    /** A page of live products, by name; `name` filters by case-insensitive substring. */
    async list(
      organizationId: string,
      filter: { name?: string | undefined },
      page: { offset: number; limit: number },
    ) {
      let query = withStock(db).where('p.organization_id', '=', organizationId)
      if (filter.name !== undefined && filter.name !== '')
        query = query.where(containsIgnoringCase('p.name', filter.name))
      const [rows, count] = await Promise.all([
        query.orderBy('p.name').orderBy('p.id').limit(page.limit).offset(page.offset).execute(),
        query
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows as ProductWithStock[], total: Number(count.total) }
    },

    async update(
      executor: SupplyChainExecutor,
      organizationId: string,
      id: string,
      changes: Partial<
        Pick<
          ProductsTable,
          'name' | 'sku' | 'barcode' | 'description' | 'reorder_level' | 'reorder_quantity'
        >
      > & { updated_at: string },
    ) {
      const result = await executor
        .updateTable('products')
        .set(changes)
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    async softDelete(organizationId: string, id: string, at: string) {
      const result = await db
        .updateTable('products')
        .set({ deleted_at: at, updated_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },
  }
}

export type ProductRepository = ReturnType<typeof createProductRepository>
