/** @module Wiring and handler of `/inventory/scans`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import * as routes from './inventory.routes.ts'

export const createInventoryRouter = ({ inventory }: SupplyChain) => {
  const scan: AppRouteHandler<typeof routes.scanInventory> = async (c) => {
    const view = await inventory.scan(c.get('organization').id, c.req.valid('json'))
    return c.json(success(c, view), 200)
  }
  return createRouter().openapi(routes.scanInventory, scan)
}
