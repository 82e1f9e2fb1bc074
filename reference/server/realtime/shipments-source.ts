/**
 * @module The `shipments:{id}` channel family: its snapshot is the shipment as
 * `GET /v1/shipments/{id}` returns it, looked up within the subscriber's organization. Updates
 * are published by shipment tracking on the same channel.
 * @see https://docs.blueround.com/realtime/channels-and-heartbeat/
 */
import { isAppError } from '../errors/app-error.ts'
import type { ShipmentService } from '../services/supply-chain/shipments.ts'
import type { ChannelSource } from './channel-source.ts'

export const createShipmentsSource = (shipments: ShipmentService): ChannelSource => ({
  prefix: 'shipments',
  async snapshot(organizationId, id) {
    try {
      return await shipments.get({ organizationId, supplierId: undefined }, id)
    } catch (error) {
      // Missing and another organization's look the same: nothing is revealed.
      if (isAppError(error) && error.status === 404) return undefined
      throw error
    }
  },
})
