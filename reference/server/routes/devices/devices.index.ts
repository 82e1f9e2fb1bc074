/** @module Wiring and handlers of `/devices`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import type { Analytics } from '../../services/analytics.ts'
import { toDeviceView } from '../../services/telemetry/devices.ts'
import * as routes from './devices.routes.ts'

export const createDevicesRouter = ({ devices, telemetry }: Analytics) => {
  const create: AppRouteHandler<typeof routes.createDevice> = async (c) => {
    const device = await devices.create(c.get('organization').id, c.req.valid('json'))
    c.header('Location', `/v${c.get('apiVersion')}/devices/${device.id}`)
    return c.json(success(c, device), 201)
  }
  const list: AppRouteHandler<typeof routes.listDevices> = async (c) => {
    const { page, pageSize } = c.req.valid('query')
    const { items, total } = await devices.list(c.get('organization').id, page, pageSize)
    return c.json(paginated(c, items, { page, pageSize, total }), 200)
  }
  const get: AppRouteHandler<typeof routes.getDevice> = async (c) => {
    const row = await devices.require(c.get('organization').id, c.req.valid('param').id)
    return c.json(success(c, toDeviceView(row)), 200)
  }
  const post: AppRouteHandler<typeof routes.postTelemetry> = async (c) => {
    const body = c.req.valid('json')
    // A reading without `recordedAt` was measured when it arrived: the server's clock.
    const receivedAt = new Date(c.get('services').deps.clock.now()).toISOString()
    const readings = (
      body.readings ?? [{ metrics: body.metrics ?? {}, recordedAt: body.recordedAt }]
    ).map((reading) => ({ ...reading, recordedAt: reading.recordedAt ?? receivedAt }))
    const result = await telemetry.ingest(
      c.get('organization').id,
      c.req.valid('param').id,
      readings,
    )
    return c.json(success(c, result), 201)
  }
  return createRouter()
    .openapi(routes.createDevice, create)
    .openapi(routes.listDevices, list)
    .openapi(routes.getDevice, get)
    .openapi(routes.postTelemetry, post)
}
