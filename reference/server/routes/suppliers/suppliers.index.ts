/** @module Wiring and handlers of `/suppliers` and `/webhook-deliveries`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import * as routes from './suppliers.routes.ts'

export const createSuppliersRouter = ({ suppliers, webhooks }: SupplyChain) => {
  const list: AppRouteHandler<typeof routes.listSuppliers> = async (c) => {
    const { page, pageSize } = c.req.valid('query')
    const { items, total } = await suppliers.list(c.get('organization').id, page, pageSize)
    return c.json(paginated(c, items, { page, pageSize, total }), 200)
  }
  const create: AppRouteHandler<typeof routes.createSupplier> = async (c) => {
    const supplier = await suppliers.create(c.get('organization').id, c.req.valid('json'))
    c.header('Location', `/v${c.get('apiVersion')}/suppliers/${supplier.id}`)
    return c.json(success(c, supplier), 201)
  }
  const get: AppRouteHandler<typeof routes.getSupplier> = async (c) => {
    const supplier = await suppliers.get(c.get('organization').id, c.req.valid('param').id)
    return c.json(success(c, supplier), 200)
  }
  const deliveries: AppRouteHandler<typeof routes.listWebhookDeliveries> = async (c) => {
    const { page, pageSize, orderId, supplierId } = c.req.valid('query')
    const { rows, total } = await webhooks.log.list(
      c.get('organization').id,
      { orderId, supplierId },
      { offset: (page - 1) * pageSize, limit: pageSize },
    )
    const items = rows.map((r) => ({
      id: r.id,
      supplierId: r.supplier_id,
      orderId: r.order_id,
      eventType: r.event_type,
      deliveryKey: r.delivery_key,
      attempt: r.attempt,
      url: r.url,
      statusCode: r.status_code,
      error: r.error,
      durationMs: r.duration_ms,
      outcome: r.outcome,
      attemptedAt: r.attempted_at,
    }))
    return c.json(paginated(c, items, { page, pageSize, total }), 200)
  }
  return createRouter()
    .openapi(routes.listSuppliers, list)
    .openapi(routes.createSupplier, create)
    .openapi(routes.getSupplier, get)
    .openapi(routes.listWebhookDeliveries, deliveries)
}
