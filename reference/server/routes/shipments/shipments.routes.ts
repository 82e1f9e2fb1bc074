/** @module Contracts of `/v{n}/shipments`: tracking history and carrier updates. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  notFoundError,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireSupplierOr } from '../../middleware/supplier-access/index.ts'

const ShipmentStatus = z.enum([
  'pending',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
])

const TrackingEventSchema = z
  .object({
    eventId: z.string(),
    status: ShipmentStatus,
    location: z.string(),
    occurredAt: z.string(),
    receivedAt: z.string(),
  })
  .openapi('TrackingEvent')

export const ShipmentSchema = z
  .object({
    id: z.string().openapi({ example: 'shp_P4n7Xc1mQz9aLt2D' }),
    orderId: z.string(),
    supplierId: z.string(),
    carrier: z.string().openapi({ example: 'Simulated Carrier' }),
    trackingNumber: z.string().openapi({ example: 'SIM4T8QZ1M0A' }),
    status: ShipmentStatus,
    location: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    estimatedDeliveryAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    history: z.array(TrackingEventSchema).openapi({ description: 'In the order events happened' }),
  })
  .openapi('Shipment')

export const TrackingBodySchema = z
  .object({
    eventId: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: "The carrier's id of the event: a repeat is recorded once" }),
    status: ShipmentStatus,
    location: z.string().trim().min(1).max(200),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .openapi('TrackingUpdate', {
    example: {
      eventId: 'evt-1001',
      status: 'in_transit',
      location: 'Rotterdam hub',
      occurredAt: '2026-11-22T10:00:00Z',
    },
  })

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'shp_P4n7Xc1mQz9aLt2D' }),
})

const tags = ['Shipments']

export const getShipment = createRoute({
  method: 'get',
  path: '/shipments/{id}',
  tags,
  summary: 'Get a shipment: its current state and its tracking history',
  security: bearerSecurity,
  middleware: [requireSupplierOr('shipments:read', 'read its shipments')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(ShipmentSchema), 'The shipment'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const trackShipment = createRoute({
  method: 'post',
  path: '/shipments/{id}/tracking',
  tags,
  summary: 'Post a tracking event (carrier or supplier)',
  description:
    'A supplier posts with its own key; a carrier integration with a key holding ' +
    '`shipments:write`. 201 when recorded, 200 when the event id was recorded before.',
  security: bearerSecurity,
  middleware: [requireSupplierOr('shipments:write', 'post tracking events')] as const,
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: TrackingBodySchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(ShipmentSchema), 'A repeated event: nothing recorded'),
    201: json(successEnvelope(ShipmentSchema), 'The event is recorded'),
    ...badRequestError,
    ...notFoundError,
    ...commonErrors,
  },
})
