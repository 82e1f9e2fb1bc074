/** @module Wiring and handlers of `/analytics`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { Analytics } from '../../services/analytics.ts'
import * as routes from './analytics.routes.ts'

const instant = (at: string | undefined) => (at === undefined ? undefined : Date.parse(at))

export const createAnalyticsRouter = ({ telemetry, aggregation }: Analytics) => {
  const device: AppRouteHandler<typeof routes.deviceAggregates> = async (c) => {
    const { window, at } = c.req.valid('query')
    const result = await telemetry.aggregates(
      c.get('organization').id,
      c.req.valid('param').id,
      window,
      instant(at),
    )
    return c.json(success(c, result), 200)
  }
  const metric: AppRouteHandler<typeof routes.metricAggregate> = async (c) => {
    const { window, at, region } = c.req.valid('query')
    const result = await aggregation.metric(c.get('organization').id, {
      metric: c.req.valid('param').metric,
      window,
      region,
      at: instant(at),
    })
    return c.json(success(c, result), 200)
  }
  return createRouter()
    .openapi(routes.deviceAggregates, device)
    .openapi(routes.metricAggregate, metric)
}
