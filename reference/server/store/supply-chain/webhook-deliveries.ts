/** @module The webhook delivery log: one row per attempt. */
import type { SupplyChainDb, WebhookDeliveryRow } from './schema.ts'

export const createWebhookDeliveryRepository = (db: SupplyChainDb) => ({
  async record(row: WebhookDeliveryRow): Promise<void> {
    await db.insertInto('webhook_deliveries').values(row).execute()
  },
  async list(
    organizationId: string,
    filter: { orderId?: string | undefined; supplierId?: string | undefined },
    page: { offset: number; limit: number },
  ) {
    let base = db.selectFrom('webhook_deliveries').where('organization_id', '=', organizationId)
    if (filter.orderId !== undefined) base = base.where('order_id', '=', filter.orderId)
    if (filter.supplierId !== undefined) base = base.where('supplier_id', '=', filter.supplierId)
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('attempted_at', 'desc')
        .orderBy('attempt', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(count.total) }
  },
})
