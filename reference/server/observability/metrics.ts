/**
 * @module Prometheus metrics. Each app gets its own registry, so tests can build many apps.
 * Route labels are templates (`/v1/api-keys/:id`), never raw paths, to bound cardinality.
 * @see https://docs.blueround.com/api/metrics/
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop). Off in tests. @default true */
  defaultMetrics?: boolean
}

export const createMetrics = (options: MetricsOptions = {}) => {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry })
    // These three are gauges named `_total`, which `promtool check metrics` rejects.
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name)
  }
  const registers = [registry]
  return {
    registry,
    httpRequestsTotal: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, from the first middleware to the response.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
      registers,
    }),
    errorsTotal: new Counter({
      name: 'blueround_errors_total',
      help: 'Error responses by error code and status.',
      labelNames: ['code', 'status'] as const,
      registers,
    }),
    alertsTotal: new Counter({
      name: 'blueround_alerts_total',
      help: 'Critical errors (5xx) sent to the alert hook, by error code.',
      labelNames: ['code'] as const,
      registers,
    }),
    rateLimitRejectionsTotal: new Counter({
      name: 'blueround_rate_limit_rejections_total',
      help: 'Requests rejected with 429 RATE_LIMITED, by endpoint class.',
      labelNames: ['class'] as const,
      registers,
    }),
    rateLimitFailOpenTotal: new Counter({
      name: 'blueround_rate_limit_fail_open_total',
      help: 'Requests admitted without a rate-limit check because the cache was unreachable.',
      registers,
    }),
    unsupportedVersionTotal: new Counter({
      name: 'blueround_unsupported_version_total',
      help: 'Requests rejected with 406 UNSUPPORTED_VERSION.',
      registers,
    }),
    deprecatedRequestsTotal: new Counter({
      name: 'blueround_deprecated_requests_total',
      help: 'Requests served by a deprecated route, by route template.',
      labelNames: ['route'] as const,
      registers,
    }),
    idempotentReplaysTotal: new Counter({
      name: 'blueround_idempotent_replays_total',
      help: 'POST requests answered from a stored Idempotency-Key result.',
      registers,
    }),
    apiKeysCreatedTotal: new Counter({
      name: 'blueround_api_keys_created_total',
      help: 'API keys created through the API.',
      registers,
    }),
    faultsInjectedTotal: new Counter({
      name: 'blueround_faults_injected_total',
      help: 'Responses forced by fault injection, by kind (status, delay, database, cache).',
      labelNames: ['kind'] as const,
      registers,
    }),
    healthChecksTotal: new Counter({
      name: 'blueround_health_checks_total',
      help: 'Health check results by component and status.',
      labelNames: ['component', 'status'] as const,
      registers,
    }),
    wsConnections: new Gauge({
      name: 'blueround_ws_connections',
      help: 'Open WebSocket connections on /web.',
      registers,
    }),
    wsMessagesTotal: new Counter({
      name: 'blueround_ws_messages_total',
      help: 'WebSocket packages received (in) and sent (out), by pkg_id and status_code.',
      labelNames: ['direction', 'pkg_id', 'status'] as const,
      registers,
    }),
    wsClosesTotal: new Counter({
      name: 'blueround_ws_closes_total',
      help: 'WebSocket connections closed, by close code.',
      labelNames: ['code'] as const,
      registers,
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
