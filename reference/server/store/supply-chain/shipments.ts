/** @module Shipments and their tracking events. */
import type { ShipmentRow, SupplyChainDb, SupplyChainExecutor, TrackingEventRow } from './schema.ts'

export const createShipmentRepository = (db: SupplyChainDb) => ({
  async create(executor: SupplyChainExecutor, row: ShipmentRow) {
    await executor.insertInto('shipments').values(row).execute()
  },
  find: (
    organizationId: string,
    id: string,
    executor: SupplyChainExecutor = db,
  ): Promise<ShipmentRow | undefined> =>
    executor
      .selectFrom('shipments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst(),
  forOrders: (orderIds: readonly string[], executor: SupplyChainExecutor = db) =>
    orderIds.length === 0
      ? Promise.resolve([] as ShipmentRow[])
      : executor
          .selectFrom('shipments')
          .selectAll()
          .where('order_id', 'in', [...orderIds])
          .execute(),
  /** Records an event unless its carrier event id was recorded already; `true` if inserted. */
  async addEvent(executor: SupplyChainExecutor, row: TrackingEventRow): Promise<boolean> {
    const result = await executor
      .insertInto('tracking_events')
      .values(row)
      .onConflict((oc) => oc.columns(['shipment_id', 'event_id']).doNothing())
      .executeTakeFirst()
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
  },
  /** The history, in the time the events happened (not the order they arrived in). */
  history: (shipmentId: string, executor: SupplyChainExecutor = db) =>
    executor
      .selectFrom('tracking_events')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('occurred_at')
      .orderBy('received_at')
      .execute(),
  async update(executor: SupplyChainExecutor, id: string, changes: Partial<ShipmentRow>) {
    await executor.updateTable('shipments').set(changes).where('id', '=', id).execute()
  },
})

export type ShipmentRepository = ReturnType<typeof createShipmentRepository>
