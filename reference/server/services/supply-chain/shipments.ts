/**
 * @module Shipment tracking (seed 003, "Shipment Tracking Flow"): a carrier or supplier posts
 * tracking events; each is recorded once (idempotent on the carrier's event id), the history is
 * kept in the time events happened, only the latest event moves the current state, the tracking
 * cache is refreshed and the update is published on `shipments:{id}`. A `delivered` event
 * delivers the shipment and its order and notifies the buyer and the admins.
 * @see https://docs.blueround.com/workflows/shipment-tracking/
 */
import { NotFoundError } from '../../errors/not-found-error.ts'
import { flowStep, flowStepIn } from '../../observability/flow.ts'
import { createOrderRepository } from '../../store/supply-chain/orders.ts'
import type {
  ShipmentRow,
  ShipmentStatus,
  TrackingEventRow,
} from '../../store/supply-chain/schema.ts'
import { createShipmentRepository } from '../../store/supply-chain/shipments.ts'
import { isoNow, newSupplyChainId, wakeWorker, type SupplyChainContext } from './context.ts'
import { LIFECYCLE, type OrderService } from './orders.ts'

const FLOW = 'workflows/shipment-tracking'
const TRACKING_CACHE_TTL_MS = 60 * 60_000

export const shipmentChannel = (id: string) => `shipments:${id}`
export const trackingCacheKey = (id: string) => `tracking:${id}`

export interface TrackingInput {
  eventId: string
  status: ShipmentStatus
  location: string
  occurredAt: string
}

export interface TrackingEventView {
  eventId: string
  status: ShipmentStatus
  location: string
  occurredAt: string
  receivedAt: string
}

export interface ShipmentView {
  id: string
  orderId: string
  supplierId: string
  carrier: string
  trackingNumber: string
  status: ShipmentStatus
  location: string | null
  lastEventAt: string | null
  estimatedDeliveryAt: string | null
  deliveredAt: string | null
  createdAt: string
  updatedAt: string
  history: TrackingEventView[]
}

/** Who posts tracking: a user (with `shipments:write`) or a supplier (its own shipments only). */
export interface TrackingCaller {
  organizationId: string
  supplierId: string | undefined
}

const toEventView = (row: TrackingEventRow): TrackingEventView => ({
  eventId: row.event_id,
  status: row.status,
  location: row.location,
  occurredAt: row.occurred_at,
  receivedAt: row.received_at,
})

export const createShipmentService = (ctx: SupplyChainContext, orderService: OrderService) => {
  const shipments = createShipmentRepository(ctx.db)
  const orders = createOrderRepository(ctx.db)

  const view = async (row: ShipmentRow): Promise<ShipmentView> => ({
    id: row.id,
    orderId: row.order_id,
    supplierId: row.supplier_id,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    status: row.status,
    location: row.location,
    lastEventAt: row.last_event_at,
    estimatedDeliveryAt: row.estimated_delivery_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history: (await shipments.history(row.id)).map(toEventView),
  })

  /** A supplier sees only its own shipments; anything else answers 404 like a missing one. */
  const load = async (caller: TrackingCaller, id: string) => {
    const row = await shipments.find(caller.organizationId, id)
    if (
      row === undefined ||
      (caller.supplierId !== undefined && row.supplier_id !== caller.supplierId)
    )
      return undefined
    return row
  }

  return {
    async get(caller: TrackingCaller, id: string): Promise<ShipmentView> {
      const row = await load(caller, id)
      if (row === undefined) throw new NotFoundError('Shipment not found')
      return view(row)
    },

    /** Records one tracking event; `recorded: false` when its event id was seen before. */
    async track(
      caller: TrackingCaller,
      id: string,
      input: TrackingInput,
    ): Promise<{ shipment: ShipmentView; recorded: boolean }> {
      const found = await load(caller, id)
      if (found === undefined) {
        flowStep(FLOW, "Not this caller's shipment")
        throw new NotFoundError('Shipment not found')
      }
      const now = isoNow(ctx.clock)
      const occurredAt = new Date(input.occurredAt).toISOString()
      let lifecycle: 'shipped' | 'delivered' | undefined
      const outcome = await ctx.db.transaction().execute(async (trx) => {
        const inserted = await shipments.addEvent(trx, {
          id: newSupplyChainId('trk'),
          shipment_id: found.id,
          organization_id: found.organization_id,
          event_id: input.eventId,
          status: input.status,
          location: input.location,
          occurred_at: occurredAt,
          received_at: now,
        })
        if (!inserted) return 'duplicate' as const
        const current = await shipments.find(found.organization_id, found.id, trx)
        if (current?.last_event_at != null && occurredAt < current.last_event_at)
          return 'older' as const
        const delivered = input.status === 'delivered'
        await shipments.update(trx, found.id, {
          status: input.status,
          location: input.location,
          last_event_at: occurredAt,
          updated_at: now,
          ...(delivered ? { delivered_at: occurredAt } : {}),
        })
        let orderMoved: 'shipped' | 'delivered' | undefined
        if (delivered) {
          const moved = await orders.transition(trx, found.order_id, ['acknowledged', 'shipped'], {
            status: 'delivered',
            delivered_at: occurredAt,
            updated_at: now,
          })
          if (moved) orderMoved = 'delivered'
          await orderService.enqueueNotice(trx, found.organization_id, found.order_id, 'delivered')
        } else if (input.status !== 'pending') {
          const moved = await orders.transition(trx, found.order_id, ['acknowledged'], {
            status: 'shipped',
            updated_at: now,
          })
          if (moved) orderMoved = 'shipped'
        }
        if (orderMoved !== undefined) lifecycle = orderMoved
        return delivered ? ('delivered' as const) : ('latest' as const)
      })
      if (lifecycle === 'shipped') flowStepIn(LIFECYCLE, { run: found.order_id }, 'shipped')
      if (lifecycle === 'delivered')
        flowStepIn(LIFECYCLE, { run: found.order_id }, 'delivered', '[*]')
      const shipment = await view((await shipments.find(found.organization_id, found.id)) ?? found)
      if (outcome === 'duplicate') {
        flowStep(FLOW, 'Repeated event id')
        return { shipment, recorded: false }
      }
      flowStep(FLOW, 'New event')
      if (outcome === 'older') {
        flowStep(FLOW, 'Older than the latest event')
        return { shipment, recorded: true }
      }
      flowStep(FLOW, 'Latest event')
      await ctx.cache
        .set(trackingCacheKey(found.id), JSON.stringify(shipment), TRACKING_CACHE_TTL_MS)
        .catch((error: unknown) => {
          ctx.logger.warn({ err: error, shipmentId: found.id }, 'tracking cache not updated')
        })
      const publish = (event: string) =>
        ctx.events.publish(shipmentChannel(found.id), {
          type: 'update',
          channel: shipmentChannel(found.id),
          event,
          data: {
            shipmentId: found.id,
            orderId: found.order_id,
            status: shipment.status,
            location: shipment.location,
            occurredAt,
          },
          timestamp: now,
        })
      publish('status_changed')
      if (outcome === 'delivered') {
        flowStep(FLOW, 'Delivery confirmed')
        publish('delivered')
        wakeWorker(ctx)
      }
      return { shipment, recorded: true }
    },
  }
}

export type ShipmentService = ReturnType<typeof createShipmentService>
