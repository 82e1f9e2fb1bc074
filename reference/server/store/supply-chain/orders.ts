/** @module Purchase orders and their lines. Every query is scoped by organization. */
import type {
  OrderLineRow,
  OrderRow,
  OrderStatus,
  SupplyChainDb,
  SupplyChainExecutor,
} from './schema.ts'

export const createOrderRepository = (db: SupplyChainDb) => ({
  async create(executor: SupplyChainExecutor, order: OrderRow, lines: OrderLineRow[]) {
    await executor.insertInto('orders').values(order).execute()
    await executor.insertInto('order_lines').values(lines).execute()
  },
  find: (
    organizationId: string,
    id: string,
    executor: SupplyChainExecutor = db,
  ): Promise<OrderRow | undefined> =>
    executor
      .selectFrom('orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst(),
  lines: (orderIds: readonly string[], executor: SupplyChainExecutor = db) =>
    orderIds.length === 0
      ? Promise.resolve([])
      : executor
          .selectFrom('order_lines as l')
          .innerJoin('products as p', 'p.id', 'l.product_id')
          .select(['l.order_id', 'l.line_number', 'l.product_id', 'l.quantity', 'p.sku', 'p.name'])
          .where('l.order_id', 'in', [...orderIds])
          .orderBy('l.order_id')
          .orderBy('l.line_number')
          .execute(),
  async list(
    organizationId: string,
    filter: { status?: OrderStatus | undefined },
    page: { offset: number; limit: number },
  ) {
    let base = db.selectFrom('orders').where('organization_id', '=', organizationId)
    if (filter.status !== undefined) base = base.where('status', '=', filter.status)
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(count.total) }
  },
  /** Moves an order from one status to the next; `false` when it was not in `from` any more. */
  async transition(
    executor: SupplyChainExecutor,
    id: string,
    from: readonly OrderStatus[],
    changes: Partial<OrderRow> & { status: OrderStatus; updated_at: string },
  ): Promise<boolean> {
    const result = await executor
      .updateTable('orders')
      .set(changes)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  },
})

export type OrderRepository = ReturnType<typeof createOrderRepository>
