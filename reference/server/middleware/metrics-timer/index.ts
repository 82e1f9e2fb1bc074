/**
 * @module Pipeline step 1: the metrics timer. Starts the clock, and after the response records
 * `http_requests_total` and `http_request_duration_seconds` under the route template.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../../lib/app-env.ts'
import type { Metrics } from '../../observability/metrics.ts'
import { isApiPath, pipelineStep } from '../../observability/pipeline.ts'

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
  // Label-bound children, cached: prom-client validates and hashes labels on every plain call.
  const children = new Map<
    string,
    { count: { inc(): void }; duration: { observe(value: number): void } }
  >()
  const record = (c: Context<AppEnv>, started: number): void => {
    const last = c.get('pipelineStep')
    if (last === 'ENVELOPE' || last === 'ERROR_ENVELOPE' || last === 'PREFLIGHT')
      pipelineStep(c, 'RESPOND')
    const method = c.req.method
    const route = routeTemplate(c)
    const status = c.res.status
    const key = `${method} ${route} ${status}`
    let child = children.get(key)
    if (child === undefined) {
      const labels = { method, route, status: String(status) }
      child = {
        count: metrics.httpRequestsTotal.labels(labels),
        duration: metrics.httpRequestDuration.labels(labels),
      }
      children.set(key, child)
    }
    child.count.inc()
    child.duration.observe((performance.now() - started) / 1000)
  }
  // Not `async`: one reaction on the rest of the pipeline instead of an `async` frame.
  return function metricsTimer(c, next) {
    const started = performance.now()
    c.set('startedAt', started)
    c.set('apiRequest', isApiPath(c.req.path))
    pipelineStep(c, 'RECEIVED', 'METRICS_TIMER')
    return next().then(() => record(c, started))
  }
}
