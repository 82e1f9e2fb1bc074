/**
 * @module The simulated supplier (development and tests only): a stand-in for a supplier's
 * system, so the whole purchase-order flow runs locally. It receives the signed "PO created"
 * webhook at `POST /_dev/supplier-simulator/webhook`, checks the signature like a real supplier
 * must, and acknowledges the order asynchronously (a durable job, a second later) by calling
 * `POST /v1/orders/{id}/acknowledgement` over HTTP with a short-lived supplier key, creating a
 * shipment with the "Simulated Carrier".
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import { createSupplierRepository } from '../../store/supply-chain/suppliers.ts'
import { asJobExecutor, wakeWorker, type SupplyChainContext } from './context.ts'
import { PO_CREATED_EVENT } from './orders.ts'
import type { SupplierService } from './suppliers.ts'
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './webhooks.ts'

export const SIMULATOR_JOB = 'supplier-simulator.acknowledge'
export const SIMULATOR_WEBHOOK_PATH = '/_dev/supplier-simulator/webhook'
/** The simulated supplier answers this long after the webhook. */
const RESPONSE_DELAY_MS = 1_000
const KEY_LIFETIME_MS = 10 * 60_000

interface SimulatorPayload {
  supplierId: string
  orderId: string
  deliveryKey: string
}

interface PoCreatedBody {
  id: string
  type: string
  data: { id: string; supplierId: string }
}

export const createSupplierSimulator = (ctx: SupplyChainContext, suppliers: SupplierService) => {
  const repo = createSupplierRepository(ctx.db)

  ctx.jobs.registerJobHandler<SimulatorPayload>(SIMULATOR_JOB, async ({ payload, once }) => {
    const supplier = await repo.findUnscoped(payload.supplierId)
    if (supplier === undefined) return
    const key = await once('supplier-key', () =>
      suppliers.issueKey(
        supplier,
        'Supplier simulator',
        new Date(ctx.clock.now() + KEY_LIFETIME_MS).toISOString(),
      ),
    )
    const res = await ctx.fetch(
      `${ctx.config.publicUrl}/v1/orders/${encodeURIComponent(payload.orderId)}/acknowledgement`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': payload.deliveryKey,
        },
        body: JSON.stringify({
          accepted: true,
          supplierReference: `SIM-${payload.orderId.slice(-6).toUpperCase()}`,
          shipment: {
            carrier: 'Simulated Carrier',
            trackingNumber: `SIM${payload.orderId.slice(-8).toUpperCase()}`,
            estimatedDeliveryAt: new Date(ctx.clock.now() + 3 * 86_400_000).toISOString(),
          },
        }),
        signal: AbortSignal.timeout(10_000),
      },
    )
    const text = await res.text()
    // 422: acknowledged already (by an earlier attempt whose answer was lost). Done either way.
    if (!res.ok && res.status !== 422)
      throw new Error(`Acknowledgement failed: HTTP ${res.status} ${text.slice(0, 200)}`)
  })

  return {
    /** Checks the webhook like a real supplier and schedules the acknowledgement. */
    async receive(
      rawBody: string,
      header: (name: string) => string | undefined,
    ): Promise<{ scheduled: boolean }> {
      let body: PoCreatedBody
      try {
        body = JSON.parse(rawBody) as PoCreatedBody
      } catch {
        throw new UnauthorizedError('Not a BlueRound webhook')
      }
      const supplier =
        typeof body.data?.supplierId === 'string'
          ? await repo.findUnscoped(body.data.supplierId)
          : undefined
      const valid =
        supplier !== undefined &&
        verifyWebhookSignature(
          supplier.webhook_secret,
          { signature: header(SIGNATURE_HEADER), timestamp: header(TIMESTAMP_HEADER) },
          rawBody,
          Math.floor(ctx.clock.now() / 1000),
        )
      if (!valid || supplier === undefined) throw new UnauthorizedError('Invalid webhook signature')
      if (body.type !== PO_CREATED_EVENT) return { scheduled: false }
      const deliveryKey = header(DELIVERY_HEADER) ?? body.id
      await ctx.jobs.enqueue(asJobExecutor(ctx.db), {
        type: SIMULATOR_JOB,
        key: `simulator:${deliveryKey}`,
        runAt: ctx.clock.now() + RESPONSE_DELAY_MS,
        payload: {
          supplierId: supplier.id,
          orderId: body.data.id,
          deliveryKey,
        } satisfies SimulatorPayload,
      })
      wakeWorker(ctx)
      return { scheduled: true }
    },
  }
}

export type SupplierSimulator = ReturnType<typeof createSupplierSimulator>
