/** @module Inventory levels and scans. The stock update is one atomic, portable UPDATE. */
import type { InventoryLevelRow, SupplyChainExecutor } from './schema.ts'

export const createInventoryRepository = () => ({
  /**
   * Adds `delta` to the stock unless it would go negative, atomically: concurrent scans of one
   * product are serialized by the row lock (PostgreSQL) or the write lock (SQLite), and none is
   * lost. Returns the new level, or `undefined` when the stock would go negative.
   */
  async applyDelta(
    executor: SupplyChainExecutor,
    productId: string,
    delta: number,
    location: string | undefined,
    at: string,
  ): Promise<InventoryLevelRow | undefined> {
    return executor
      .updateTable('inventory_levels')
      .set((eb) => ({
        quantity: eb('quantity', '+', delta),
        updated_at: at,
        ...(location === undefined ? {} : { location }),
      }))
      .where('product_id', '=', productId)
      .where((eb) => eb(eb('quantity', '+', delta), '>=', 0))
      .returningAll()
      .executeTakeFirst()
  },

  /** Marks the alert of this crossing as raised; `true` only for the one caller that did it. */
  async raiseAlert(executor: SupplyChainExecutor, productId: string): Promise<boolean> {
    const result = await executor
      .updateTable('inventory_levels')
      .set({ reorder_alerted: 1 })
      .where('product_id', '=', productId)
      .where('reorder_alerted', '=', 0)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  },

  /** Re-arms the alert once the stock is back at or above the reorder level. */
  async rearmAlert(executor: SupplyChainExecutor, productId: string): Promise<void> {
    await executor
      .updateTable('inventory_levels')
      .set({ reorder_alerted: 0 })
      .where('product_id', '=', productId)
      .where('reorder_alerted', '=', 1)
      .execute()
  },

  async recordScan(
    executor: SupplyChainExecutor,
    scan: {
      id: string
      organization_id: string
      product_id: string
      quantity_delta: number
      quantity_after: number
      location: string | null
      created_at: string
    },
  ): Promise<void> {
    await executor.insertInto('inventory_scans').values(scan).execute()
  },
})

export type InventoryRepository = ReturnType<typeof createInventoryRepository>
