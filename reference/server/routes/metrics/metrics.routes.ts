/** @module Contract of `GET /metrics`. */
import { createRoute, z } from '@hono/zod-openapi'

export const getMetrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description:
    'Prometheus text exposition format (0.0.4) from prom-client: `http_requests_total`, ' +
    '`http_request_duration_seconds` and the `blueround_*` application counters.',
  responses: {
    200: {
      content: { 'text/plain': { schema: z.string() } },
      description: 'Metrics in the Prometheus text format',
    },
  },
})
