/** @module Contracts of `/v{n}/device-groups`: groups, their members and their cached status. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  notFoundError,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { IdParams } from '../devices/devices.routes.ts'

const DeviceId = z.string().min(1).max(64)

export const DeviceGroupSchema = z
  .object({
    id: z.string().openapi({ example: 'dgr_L2m9Xc4qPz7aKt1B' }),
    name: z.string().openapi({ example: 'Cold rooms' }),
    deviceIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('DeviceGroup')

const MetricSummarySchema = z
  .object({ count: z.number().int(), min: z.number(), max: z.number(), mean: z.number() })
  .openapi('MetricSummary')

const LatestValueSchema = z.object({ value: z.number(), recordedAt: z.string() })

const GroupStatusSchema = z
  .object({
    groupId: z.string(),
    name: z.string(),
    generatedAt: z.string(),
    cached: z.boolean().openapi({ description: 'Served from the cache (at most 5 minutes old)' }),
    summary: z.object({
      devices: z.number().int(),
      online: z.number().int(),
      stale: z.number().int(),
      noData: z.number().int(),
      metrics: z
        .record(z.string(), MetricSummarySchema)
        .openapi({ description: "Over the members' latest values" }),
    }),
    devices: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        health: z.enum(['online', 'stale', 'no_data']),
        lastSeenAt: z.string().nullable(),
        metrics: z.record(z.string(), LatestValueSchema),
      }),
    ),
  })
  .openapi('DeviceGroupStatus')

const tags = ['Device groups']
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})

export const createGroup = createRoute({
  method: 'post',
  path: '/device-groups',
  tags,
  summary: 'Create a device group',
  security: bearerSecurity,
  middleware: [requireScope('devices:write')] as const,
  request: body(
    z
      .object({
        name: z.string().trim().min(1).max(100),
        deviceIds: z.array(DeviceId).max(500).default([]),
      })
      .openapi('NewDeviceGroup', {
        example: { name: 'Cold rooms', deviceIds: ['dev_Q8n2Kx7mVb1aZt0c'] },
      }),
  ),
  responses: {
    201: json(successEnvelope(DeviceGroupSchema), 'The group'),
    ...badRequestError,
    ...commonErrors,
  },
})

export const getGroup = createRoute({
  method: 'get',
  path: '/device-groups/{id}',
  tags,
  summary: 'Get a device group and its members',
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(DeviceGroupSchema), 'The group'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const addMembers = createRoute({
  method: 'post',
  path: '/device-groups/{id}/members',
  tags,
  summary: 'Add devices to a group',
  security: bearerSecurity,
  middleware: [requireScope('devices:write')] as const,
  request: {
    params: IdParams,
    ...body(z.object({ deviceIds: z.array(DeviceId).min(1).max(500) }).openapi('GroupMembers')),
  },
  responses: {
    200: json(successEnvelope(DeviceGroupSchema), 'The group with its members'),
    ...badRequestError,
    ...notFoundError,
    ...commonErrors,
  },
})

export const removeMember = createRoute({
  method: 'delete',
  path: '/device-groups/{id}/members/{deviceId}',
  tags,
  summary: 'Remove a device from a group',
  security: bearerSecurity,
  middleware: [requireScope('devices:write')] as const,
  request: {
    params: IdParams.extend({
      deviceId: DeviceId.openapi({ param: { name: 'deviceId', in: 'path' } }),
    }),
  },
  responses: {
    200: json(successEnvelope(DeviceGroupSchema), 'The group with its members'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const groupStatus = createRoute({
  method: 'get',
  path: '/device-groups/{id}/status',
  tags,
  summary: "A group's status: each member's health and latest metrics, and a summary",
  security: bearerSecurity,
  middleware: [requireScope('devices:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(GroupStatusSchema), 'The status (from the cache when `cached`)'),
    ...notFoundError,
    ...commonErrors,
  },
})
