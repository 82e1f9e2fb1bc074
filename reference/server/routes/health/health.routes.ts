/** @module Contract of `GET /health`. */
import { createRoute, z } from '@hono/zod-openapi'
import { json } from '../../lib/openapi-schemas.ts'

const Status = z.enum(['healthy', 'unhealthy'])

export const HealthSchema = z
  .object({ status: Status, database: Status, cache: Status })
  .openapi('Health', {
    example: { status: 'healthy', database: 'healthy', cache: 'healthy' },
  })

export const getHealth = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Check the database and the cache',
  description:
    'Checks the database (`SELECT 1`) and the cache (ping) in parallel, each with a timeout ' +
    '(`BLUEROUND_HEALTH_TIMEOUT_MS`, default 2000 ms). Not rate limited, no credentials.',
  responses: {
    200: json(HealthSchema, 'Every dependency is healthy'),
    503: json(HealthSchema, 'At least one dependency is unhealthy'),
  },
})
