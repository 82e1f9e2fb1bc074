/** @module Wiring of `/products`. */
import { createRouter } from '../../lib/create-router.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import { createProductHandlers } from './products.handlers.ts'
import * as routes from './products.routes.ts'

export const createProductsRouter = (supplyChain: SupplyChain) => {
  const handlers = createProductHandlers(supplyChain)
  return createRouter()
    .openapi(routes.listProducts, handlers.list)
    .openapi(routes.createProduct, handlers.create)
    .openapi(routes.getProduct, handlers.get)
    .openapi(routes.updateProduct, handlers.update)
    .openapi(routes.deleteProduct, handlers.remove)
}
