/** @module Wiring and handlers of `/shipments`. */
import type { Context } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { SupplyChain } from '../../services/supply-chain/index.ts'
import { supplierIdOf } from '../../services/supply-chain/suppliers.ts'
import * as routes from './shipments.routes.ts'

const callerOf = (c: Context<AppEnv>) => ({
  organizationId: c.get('organization').id,
  supplierId: supplierIdOf(c.get('principal')),
})

export const createShipmentsRouter = ({ shipments }: SupplyChain) => {
  const get: AppRouteHandler<typeof routes.getShipment> = async (c) => {
    const shipment = await shipments.get(callerOf(c), c.req.valid('param').id)
    return c.json(success(c, shipment), 200)
  }
  const track: AppRouteHandler<typeof routes.trackShipment> = async (c) => {
    const { shipment, recorded } = await shipments.track(
      callerOf(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    )
    return recorded ? c.json(success(c, shipment), 201) : c.json(success(c, shipment), 200)
  }
  return createRouter().openapi(routes.getShipment, get).openapi(routes.trackShipment, track)
}
