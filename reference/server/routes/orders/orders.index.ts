/** @module Wiring of `/orders`. */
import { createRouter } from '../../lib/create-router.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import { createOrderHandlers } from './orders.handlers.ts'
import * as routes from './orders.routes.ts'

export const createOrdersRouter = (supplyChain: SupplyChain) => {
  const handlers = createOrderHandlers(supplyChain)
  return createRouter()
    .openapi(routes.listOrders, handlers.list)
    .openapi(routes.createOrder, handlers.create)
    .openapi(routes.getOrder, handlers.get)
    .openapi(routes.acknowledgeOrder, handlers.acknowledge)
}
