/** @module Contracts of `/v{n}/devices`: register, list and read devices, and post their telemetry. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  FieldProblemSchema,
  PageQuerySchema,
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  notFoundError,
  paginatedEnvelope,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { DATA_REGIONS } from '../../services/telemetry/devices.ts'

export const DeviceSchema = z
  .object({
    id: z.string().openapi({ example: 'dev_Q8n2Kx7mVb1aZt0c' }),
    name: z.string().openapi({ example: 'Cold room 1' }),
    kind: z.string().openapi({ example: 'thermometer' }),
    region: z.string().openapi({ example: 'eu-west' }),
    createdAt: z.string(),
  })
  .openapi('Device')

const NewDeviceSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.string().trim().min(1).max(50).default('sensor'),
    region: z
      .enum(DATA_REGIONS)
      .default('eu-west')
      .openapi({ description: "The data region whose store keeps the device's readings" }),
  })
  .openapi('NewDevice', {
    example: { name: 'Cold room 1', kind: 'thermometer', region: 'eu-west' },
  })

const MetricsSchema = z.record(z.string(), z.unknown()).openapi({
  description: 'Metric name → finite number (up to 50)',
  example: { temperature: 21.5, humidity: 40 },
})
// Typed loosely on purpose: a bad `recordedAt` rejects only its own reading (see the service).
const RecordedAtSchema = z.unknown().openapi({
  type: 'string',
  format: 'date-time',
  description:
    "When the device measured (ISO 8601, the device's clock); the server's receive time if omitted",
})

const ReadingSchema = z
  .object({ metrics: MetricsSchema, recordedAt: RecordedAtSchema })
  .openapi('TelemetryReading')

export const TelemetryBodySchema = z
  .object({
    metrics: MetricsSchema.optional(),
    recordedAt: RecordedAtSchema.optional(),
    readings: z
      .array(ReadingSchema)
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'A batch instead of one reading: up to 100 are taken' }),
  })
  .superRefine((body, ctx) => {
    if (body.readings === undefined && body.metrics === undefined)
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'Send metrics, or readings' })
    if (body.readings !== undefined && body.metrics !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['readings'],
        message: 'Send one reading (metrics, recordedAt) or readings, not both',
      })
  })
  .openapi('TelemetryBatch', {
    example: { metrics: { temperature: 21.5, humidity: 40 }, recordedAt: '2026-11-22T10:00:00Z' },
  })

const TelemetryResultSchema = z
  .object({
    deviceId: z.string(),
    accepted: z.number().int().openapi({ description: 'Metric values stored' }),
    rejected: z.array(FieldProblemSchema).openapi({
      description: 'One entry per rejected value or reading, e.g. `readings[0].metrics.humidity`',
    }),
  })
  .openapi('TelemetryResult')

export const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'dev_Q8n2Kx7mVb1aZt0c' }),
})

const tags = ['Devices']

export const createDevice = createRoute({
  method: 'post',
  path: '/devices',
  tags,
  summary: 'Register a device',
  security: bearerSecurity,
  middleware: [requireScope('devices:write')] as const,
  request: {
    body: { content: { 'application/json': { schema: NewDeviceSchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(DeviceSchema), 'The device'),
    ...badRequestError,
    ...commonErrors,
  },
})

export const listDevices = createRoute({
  method: 'get',
  path: '/devices',
  tags,
  summary: "List the organization's devices",
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: { query: PageQuerySchema },
  responses: { 200: json(paginatedEnvelope(DeviceSchema), 'A page of devices'), ...commonErrors },
})

export const getDevice = createRoute({
  method: 'get',
  path: '/devices/{id}',
  tags,
  summary: 'Get a device',
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(DeviceSchema), 'The device'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const postTelemetry = createRoute({
  method: 'post',
  path: '/devices/{id}/telemetry',
  tags,
  summary: 'Post sensor readings (the data collector)',
  description:
    'One reading `{ metrics, recordedAt }` or a batch `{ readings: [...] }`. Good values are ' +
    'stored, cached as latest values and 1-minute/1-hour aggregates, and published on ' +
    '`devices:{id}`; bad ones are listed in `rejected`. 422 when nothing was accepted.',
  security: bearerSecurity,
  middleware: [requireScope('devices:write')] as const,
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: TelemetryBodySchema } }, required: true },
  },
  responses: {
    201: json(successEnvelope(TelemetryResultSchema), 'Stored; `rejected` lists what was not'),
    ...badRequestError,
    ...notFoundError,
    ...commonErrors,
  },
})
