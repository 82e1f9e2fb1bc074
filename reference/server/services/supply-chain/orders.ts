/**
 * @module Purchase orders (seed 003, "Supply Chain Order Flow"): validate the order against the
 * supplier and the products, store it and enqueue its "PO created" webhook in one transaction,
 * then take the supplier's acknowledgement (with the shipment it creates) and notify the buyer
 * and the organization's admins by email and SMS.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import { BusinessRuleError } from '../../errors/business-rule-error.ts'
import type { FieldProblem } from '../../errors/app-error.ts'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { ValidationError } from '../../errors/validation-error.ts'
import { flowStep, flowStepIn } from '../../observability/flow.ts'
import { createOrderRepository } from '../../store/supply-chain/orders.ts'
import { createProductRepository } from '../../store/supply-chain/products.ts'
import { createShipmentRepository } from '../../store/supply-chain/shipments.ts'
import { createSupplierRepository } from '../../store/supply-chain/suppliers.ts'
import type {
  OrderRow,
  OrderStatus,
  ShipmentRow,
  SupplyChainExecutor,
} from '../../store/supply-chain/schema.ts'
import {
  asJobExecutor,
  isoNow,
  newSupplyChainId,
  wakeWorker,
  type SupplyChainContext,
} from './context.ts'
import { notifyAdmins } from './notifications.ts'
import type { WebhookService } from './webhooks.ts'

const FLOW = 'workflows/purchase-order'
export const LIFECYCLE = 'workflows/order-lifecycle'
export const ORDER_NOTIFICATION_JOB = 'orders.notify'
export const PO_CREATED_EVENT = 'purchase_order.created'

export interface OrderLineInput {
  productId: string
  quantity: number
}

export interface OrderInput {
  supplierId: string
  lines: OrderLineInput[]
  note?: string | undefined
}

export interface AcknowledgementInput {
  accepted: boolean
  supplierReference?: string | undefined
  reason?: string | undefined
  shipment?:
    | { carrier: string; trackingNumber: string; estimatedDeliveryAt?: string | undefined }
    | undefined
}

export interface OrderView {
  id: string
  supplierId: string
  status: OrderStatus
  note: string | null
  lines: { productId: string; sku: string; name: string; quantity: number }[]
  shipmentIds: string[]
  supplierReference: string | null
  rejectionReason: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  acknowledgedAt: string | null
  deliveredAt: string | null
}

export type OrderNotice = 'acknowledged' | 'rejected' | 'delivered'

interface OrderNotificationPayload {
  organizationId: string
  orderId: string
  notice: OrderNotice
}

const NOTICES: Record<OrderNotice, (id: string) => { subject: string; text: string }> = {
  acknowledged: (id) => ({
    subject: `Order ${id} acknowledged`,
    text: `Your supplier acknowledged purchase order ${id}.`,
  }),
  rejected: (id) => ({
    subject: `Order ${id} rejected`,
    text: `Your supplier rejected purchase order ${id}.`,
  }),
  delivered: (id) => ({
    subject: `Order ${id} delivered`,
    text: `The shipment of purchase order ${id} was delivered.`,
  }),
}

export const createOrderService = (ctx: SupplyChainContext, webhooks: WebhookService) => {
  const orders = createOrderRepository(ctx.db)
  const products = createProductRepository(ctx.db)
  const suppliers = createSupplierRepository(ctx.db)
  const shipments = createShipmentRepository(ctx.db)

  const view = async (row: OrderRow, executor?: SupplyChainExecutor): Promise<OrderView> => {
    const lines = await orders.lines([row.id], executor)
    const shipmentRows = await shipments.forOrders([row.id], executor)
    return {
      id: row.id,
      supplierId: row.supplier_id,
      status: row.status,
      note: row.note,
      lines: lines.map((l) => ({
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
      })),
      shipmentIds: shipmentRows.map((s) => s.id),
      supplierReference: row.supplier_reference,
      rejectionReason: row.rejection_reason,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      acknowledgedAt: row.acknowledged_at,
      deliveredAt: row.delivered_at,
    }
  }

  const load = async (organizationId: string, id: string, executor?: SupplyChainExecutor) => {
    const row = await orders.find(organizationId, id, executor)
    if (row === undefined) throw new NotFoundError('Order not found')
    return row
  }

  /** Enqueues the email and SMS of an order event, in the caller's transaction. */
  const enqueueNotice = (
    executor: SupplyChainExecutor,
    organizationId: string,
    orderId: string,
    notice: OrderNotice,
  ) =>
    ctx.jobs.enqueue(asJobExecutor(executor), {
      type: ORDER_NOTIFICATION_JOB,
      key: `order-${notice}:${orderId}`,
      payload: { organizationId, orderId, notice } satisfies OrderNotificationPayload,
    })

  ctx.jobs.registerJobHandler<OrderNotificationPayload>(
    ORDER_NOTIFICATION_JOB,
    async ({ payload, once }) => {
      const order = await orders.find(payload.organizationId, payload.orderId)
      if (order === undefined) return
      if (payload.notice !== 'delivered') flowStepIn(FLOW, { run: order.id }, 'Notification job')
      await notifyAdmins(
        ctx,
        once,
        payload.organizationId,
        { kind: `order_${payload.notice}`, ...NOTICES[payload.notice](order.id) },
        [order.created_by],
      )
    },
  )

  /** Checks the supplier and every line; collects every problem, like schema validation. */
  const validate = async (organizationId: string, input: OrderInput) => {
    const problems: FieldProblem[] = []
    const supplier = await suppliers.find(organizationId, input.supplierId)
    if (supplier === undefined)
      problems.push({ field: 'supplierId', message: 'no such supplier in your organization' })
    const found = await products.findMany(
      organizationId,
      input.lines.map((l) => l.productId),
    )
    const known = new Set(found.map((p) => p.id))
    const seen = new Set<string>()
    for (const [i, line] of input.lines.entries()) {
      if (!known.has(line.productId))
        problems.push({ field: `lines.${i}.productId`, message: 'no such product' })
      else if (seen.has(line.productId))
        problems.push({ field: `lines.${i}.productId`, message: 'appears on another line' })
      seen.add(line.productId)
    }
    if (problems.length > 0) {
      flowStep(FLOW, 'Invalid order')
      throw new ValidationError('Invalid order', { details: problems })
    }
  }

  return {
    view,
    load,
    enqueueNotice,

    /** Stores the order and its "PO created" webhook job in one transaction. */
    async create(organizationId: string, userId: string, input: OrderInput): Promise<OrderView> {
      await validate(organizationId, input)
      flowStep(FLOW, 'Order valid')
      const now = isoNow(ctx.clock)
      const order: OrderRow = {
        id: newSupplyChainId('po'),
        organization_id: organizationId,
        supplier_id: input.supplierId,
        status: 'submitted',
        note: input.note ?? null,
        created_by: userId,
        created_at: now,
        updated_at: now,
        acknowledged_at: null,
        supplier_reference: null,
        rejection_reason: null,
        delivered_at: null,
      }
      const created = await ctx.db.transaction().execute(async (trx) => {
        await orders.create(
          trx,
          order,
          input.lines.map((l, i) => ({
            order_id: order.id,
            line_number: i + 1,
            product_id: l.productId,
            quantity: l.quantity,
          })),
        )
        const data = await view(await load(organizationId, order.id, trx), trx)
        await webhooks.enqueue(trx, {
          organizationId,
          supplierId: order.supplier_id,
          orderId: order.id,
          eventType: PO_CREATED_EVENT,
          deliveryKey: `po-created:${order.id}`,
          data,
        })
        return data
      })
      flowStepIn(LIFECYCLE, { run: created.id }, '[*]', 'submitted')
      wakeWorker(ctx)
      return created
    },

    async get(organizationId: string, id: string) {
      return view(await load(organizationId, id))
    },

    async list(
      organizationId: string,
      query: { status?: OrderStatus | undefined; page: number; pageSize: number },
    ) {
      const { rows, total } = await orders.list(
        organizationId,
        { status: query.status },
        { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
      )
      return { items: await Promise.all(rows.map((row) => view(row))), total }
    },

    /**
     * The supplier's answer. Another supplier's order answers 404 like a missing one; an order
     * that is no longer `submitted` cannot be acknowledged again.
     */
    async acknowledge(
      organizationId: string,
      supplierId: string,
      orderId: string,
      input: AcknowledgementInput,
    ): Promise<OrderView> {
      const order = await orders.find(organizationId, orderId)
      if (order?.supplier_id !== supplierId) {
        flowStep(FLOW, "Not this supplier's order")
        throw new NotFoundError('Order not found')
      }
      const now = isoNow(ctx.clock)
      const result = await ctx.db.transaction().execute(async (trx) => {
        const moved = await orders.transition(trx, order.id, ['submitted'], {
          status: input.accepted ? 'acknowledged' : 'rejected',
          updated_at: now,
          acknowledged_at: now,
          supplier_reference: input.supplierReference ?? null,
          rejection_reason: input.accepted ? null : (input.reason ?? null),
        })
        if (!moved) {
          flowStep(FLOW, 'Order not awaiting acknowledgement')
          throw new BusinessRuleError(
            `Order ${order.id} is ${order.status}; only a submitted order can be acknowledged`,
          )
        }
        if (input.accepted && input.shipment !== undefined) {
          const shipment: ShipmentRow = {
            id: newSupplyChainId('shp'),
            organization_id: organizationId,
            order_id: order.id,
            supplier_id: supplierId,
            carrier: input.shipment.carrier,
            tracking_number: input.shipment.trackingNumber,
            status: 'pending',
            location: null,
            last_event_at: null,
            estimated_delivery_at: input.shipment.estimatedDeliveryAt ?? null,
            delivered_at: null,
            created_at: now,
            updated_at: now,
          }
          await shipments.create(trx, shipment)
        }
        flowStep(FLOW, input.accepted ? 'Accepted' : 'Rejected')
        await enqueueNotice(
          trx,
          organizationId,
          order.id,
          input.accepted ? 'acknowledged' : 'rejected',
        )
        return view(await load(organizationId, order.id, trx), trx)
      })
      if (input.accepted) flowStepIn(LIFECYCLE, { run: order.id }, 'acknowledged')
      else flowStepIn(LIFECYCLE, { run: order.id }, 'rejected', '[*]')
      wakeWorker(ctx)
      return result
    },
  }
}

export type OrderService = ReturnType<typeof createOrderService>
