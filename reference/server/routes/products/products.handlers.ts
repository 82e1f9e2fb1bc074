/** @module Handlers of `/v{n}/products`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import type {
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  updateProduct,
} from './products.routes.ts'

export const createProductHandlers = (supplyChain: SupplyChain) => {
  const { products } = supplyChain
  const list: AppRouteHandler<typeof listProducts> = async (c) => {
    const { page, pageSize, name } = c.req.valid('query')
    const { items, total } = await products.list(c.get('organization').id, {
      name,
      page,
      pageSize,
    })
    return c.json(paginated(c, items, { page, pageSize, total }), 200)
  }
  const create: AppRouteHandler<typeof createProduct> = async (c) => {
    const product = await products.create(c.get('organization').id, c.req.valid('json'))
    c.header('Location', `/v${c.get('apiVersion')}/products/${product.id}`)
    return c.json(success(c, product), 201)
  }
  const get: AppRouteHandler<typeof getProduct> = async (c) => {
    const product = await products.get(c.get('organization').id, c.req.valid('param').id)
    return c.json(success(c, product), 200)
  }
  const update: AppRouteHandler<typeof updateProduct> = async (c) => {
    const product = await products.update(
      c.get('organization').id,
      c.req.valid('param').id,
      c.req.valid('json'),
    )
    return c.json(success(c, product), 200)
  }
  const remove: AppRouteHandler<typeof deleteProduct> = async (c) => {
    const deleted = await products.remove(c.get('organization').id, c.req.valid('param').id)
    return c.json(success(c, deleted), 200)
  }
  return { list, create, get, update, remove }
}
