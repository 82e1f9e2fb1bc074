/** @module Handlers of `/v{n}/orders`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import { supplierIdOf } from '../../services/supply-chain/suppliers.ts'
import type { acknowledgeOrder, createOrder, getOrder, listOrders } from './orders.routes.ts'

export const createOrderHandlers = ({ orders }: SupplyChain) => {
  const list: AppRouteHandler<typeof listOrders> = async (c) => {
    const { page, pageSize, status } = c.req.valid('query')
    const { items, total } = await orders.list(c.get('organization').id, {
      status,
      page,
      pageSize,
    })
    return c.json(paginated(c, items, { page, pageSize, total }), 200)
  }
  const create: AppRouteHandler<typeof createOrder> = async (c) => {
    const order = await orders.create(
      c.get('organization').id,
      c.get('principal').user.id,
      c.req.valid('json'),
    )
    c.header('Location', `/v${c.get('apiVersion')}/orders/${order.id}`)
    return c.json(success(c, order), 201)
  }
  const get: AppRouteHandler<typeof getOrder> = async (c) => {
    const order = await orders.get(c.get('organization').id, c.req.valid('param').id)
    return c.json(success(c, order), 200)
  }
  const acknowledge: AppRouteHandler<typeof acknowledgeOrder> = async (c) => {
    const order = await orders.acknowledge(
      c.get('organization').id,
      supplierIdOf(c.get('principal')) ?? '',
      c.req.valid('param').id,
      c.req.valid('json'),
    )
    return c.json(success(c, order), 200)
  }
  return { list, create, get, acknowledge }
}
