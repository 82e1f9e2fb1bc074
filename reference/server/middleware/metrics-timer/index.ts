/**
 * @module Pipeline step 1: the metrics timer. Starts the clock, and after the response records
 * `http_requests_total` and `http_request_duration_seconds` under the route template.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../../lib/app-env.ts'
import type { Metrics } from '../../observability/metrics.ts'

/** The label for requests no route matched, so raw paths never become label values. */
export const UNMATCHED_ROUTE = 'unmatched'

/** The route template that handled the request: the last matched non-middleware route. */
export const routeTemplate = (c: Context): string => {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i -= 1) {
    const route = routes[i]
    if (route !== undefined && route.method !== 'ALL') return route.path
  }
  return UNMATCHED_ROUTE
}

export const metricsTimer = (metrics: Metrics): MiddlewareHandler<AppEnv> => {
  return async function metricsTimer(c, next) {
    const started = performance.now()
    c.set('startedAt', started)
    await next()
    const labels = { method: c.req.method, route: routeTemplate(c), status: String(c.res.status) }
    metrics.httpRequestsTotal.inc(labels)
    metrics.httpRequestDuration.observe(labels, (performance.now() - started) / 1000)
  }
}
