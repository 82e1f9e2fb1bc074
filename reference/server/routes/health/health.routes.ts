/** @module Contract of `GET /health`. */
import { createRoute, z } from '@hono/zod-openapi'
import { json } from '../../lib/openapi-schemas.ts'

const Status = z.enum(['healthy', 'unhealthy'])

const Dependency = z.object({
  engine: z.enum(['sqlite', 'postgres', 'memory', 'redis']),
  status: Status,
})

export const HealthSchema = z
  .object({
    status: Status,
    database: Status,
    cache: Status,
    dependencies: z
      .object({ database: Dependency, cache: Dependency, replica: Dependency.optional() })
      .openapi({
        description:
          'Each dependency in use and its engine: SQLite or PostgreSQL (`DATABASE_URL`), memory ' +
          'or Redis (`REDIS_URL`), and the read replica when `DATABASE_REPLICA_URL` is set ' +
          '(reported only: a lagging replica does not fail the node).',
      }),
  })
  .openapi('Health', {
    example: {
      status: 'healthy',
      database: 'healthy',
      cache: 'healthy',
      dependencies: {
        database: { engine: 'postgres', status: 'healthy' },
        cache: { engine: 'redis', status: 'healthy' },
      },
    },
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
