/** @module Handler of `GET /metrics`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { flowStep } from '../../observability/flow.ts'
import type { getMetrics } from './metrics.routes.ts'

export const metrics: AppRouteHandler<typeof getMetrics> = async (c) => {
  const { registry } = c.var.services.metrics
  flowStep('api/metrics-scraping', 'collect')
  const text = await registry.metrics()
  flowStep('api/metrics-scraping', 'respond')
  c.header('Content-Type', registry.contentType)
  c.header('Cache-Control', 'no-store')
  return c.text(text, 200)
}
