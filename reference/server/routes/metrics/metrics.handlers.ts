/** @module Handler of `GET /metrics`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { flowStep } from '../../observability/flow.ts'
import type { getMetrics } from './metrics.routes.ts'

export const metrics: AppRouteHandler<typeof getMetrics> = async (c) => {
  const { registry } = c.get('services').metrics
  flowStep('api/metrics-scraping', 'Every scrape interval')
  const text = await registry.metrics()
  c.header('Cache-Control', 'no-store')
  const response = c.text(text, 200)
  // Prometheus expects its own content type, with the exposition format version.
  response.headers.set('Content-Type', registry.contentType)
  return response
}
