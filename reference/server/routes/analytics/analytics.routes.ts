/** @module Contracts of `/v{n}/analytics`: a device's window aggregates, and merged metrics across sources. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  bearerSecurity,
  commonErrors,
  json,
  notFoundError,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { DATA_REGIONS } from '../../services/telemetry/devices.ts'
import { IdParams } from '../devices/devices.routes.ts'

const MetricSummarySchema = z.object({
  count: z.number().int(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
})

const WindowQuery = z.object({
  window: z.enum(['1m', '1h']).default('1m').openapi({ description: '1-minute or 1-hour window' }),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Any instant in the window; default now' }),
})

const DeviceAggregatesSchema = z
  .object({
    deviceId: z.string(),
    window: z.enum(['1m', '1h']),
    start: z.string().openapi({ description: 'Inclusive' }),
    end: z.string().openapi({ description: 'Exclusive' }),
    cached: z.boolean(),
    metrics: z.record(z.string(), MetricSummarySchema),
  })
  .openapi('DeviceAggregates')

const SourceOutcomeSchema = z
  .object({
    name: z.string().openapi({ example: 'store:eu-west' }),
    status: z.enum(['ok', 'failed', 'timeout']),
    durationMs: z.number().int(),
    count: z.number().int(),
    error: z.string().optional(),
  })
  .openapi('SourceOutcome')

const AggregatedMetricSchema = z
  .object({
    metric: z.string(),
    window: z.enum(['1m', '1h']),
    start: z.string(),
    end: z.string(),
    region: z.string().nullable(),
    partial: z.boolean().openapi({ description: 'A source failed or timed out' }),
    cached: z.boolean(),
    aggregate: MetricSummarySchema.nullable(),
    sources: z.array(SourceOutcomeSchema),
  })
  .openapi('AggregatedMetric')

const tags = ['Analytics']

export const deviceAggregates = createRoute({
  method: 'get',
  path: '/analytics/devices/{id}',
  tags,
  summary: "A device's count, min, max and mean per metric in a 1-minute or 1-hour window",
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: { params: IdParams, query: WindowQuery },
  responses: {
    200: json(successEnvelope(DeviceAggregatesSchema), 'The aggregates'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const metricAggregate = createRoute({
  method: 'get',
  path: '/analytics/metrics/{metric}',
  tags,
  summary: 'One metric over every device, merged from the data sources',
  description:
    'The router queries every source serving `region` (all sources without it) at once, each ' +
    'with a 2 s timeout. A failed or late source makes the answer `partial`, never an error.',
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: {
    params: z.object({
      metric: z
        .string()
        .regex(/^[A-Za-z][\w.-]{0,63}$/)
        .openapi({ param: { name: 'metric', in: 'path' }, example: 'temperature' }),
    }),
    query: WindowQuery.extend({ region: z.enum(DATA_REGIONS).optional() }),
  },
  responses: {
    200: json(successEnvelope(AggregatedMetricSchema), 'The merged aggregate'),
    ...commonErrors,
  },
})
