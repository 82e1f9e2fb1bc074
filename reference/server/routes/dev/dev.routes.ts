/**
 * @module Contract of `/dev/faults` (dev and test mode only; absent in production): simulate the
 * database or the cache being down. No credentials, so it still works while the database is down.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { json, successEnvelope } from '../../lib/openapi-schemas.ts'

const State = z.enum(['up', 'down'])

export const FaultStateSchema = z
  .object({ database: State, cache: State })
  .openapi('FaultState', { example: { database: 'down', cache: 'up' } })

export const getFaults = createRoute({
  method: 'get',
  path: '/faults',
  tags: ['Development'],
  summary: 'Read simulated outages (dev and test mode only)',
  responses: { 200: json(successEnvelope(FaultStateSchema), 'Current simulated outages') },
})

export const putFaults = createRoute({
  method: 'put',
  path: '/faults',
  tags: ['Development'],
  summary: 'Simulate the database or the cache being down (dev and test mode only)',
  request: {
    body: {
      content: { 'application/json': { schema: FaultStateSchema.partial() } },
      required: true,
    },
  },
  responses: { 200: json(successEnvelope(FaultStateSchema), 'The new simulated outages') },
})
