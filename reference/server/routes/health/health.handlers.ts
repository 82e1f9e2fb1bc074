/** @module Handler of `GET /health`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { checkHealth } from '../../services/health.ts'
import type { getHealth } from './health.routes.ts'

export const health: AppRouteHandler<typeof getHealth> = async (c) => {
  const { deps, metrics } = c.get('services')
  const report = await checkHealth(deps.store, deps.cache, deps.config.healthTimeoutMs)
  metrics.healthChecksTotal.inc({ component: 'database', status: report.database })
  metrics.healthChecksTotal.inc({ component: 'cache', status: report.cache })
  c.header('Cache-Control', 'no-store')
  return report.status === 'healthy' ? c.json(report, 200) : c.json(report, 503)
}
