/** @module Contract of `POST /v{n}/realtime/broadcast`: the admin trigger of a WebSocket broadcast. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { BROADCAST_REQ_ID, PKG } from '../../realtime/protocol.ts'

export const BroadcastBodySchema = z
  .object({
    pkg_id: z
      .number()
      .int()
      .min(1)
      .max(999)
      .default(PKG.BROADCAST)
      .openapi({ description: 'The `pkg_id` clients receive', example: PKG.BROADCAST }),
    data: z.record(z.string(), z.unknown()).openapi({
      description: 'Sent to clients as is',
      example: { notice: 'Maintenance at 22:00' },
    }),
    audience: z
      .enum(['organization', 'all'])
      .default('organization')
      .openapi({
        description:
          "`organization`: every socket of the caller's organization. `all`: every socket of every " +
          'organization, refused in production.',
      }),
  })
  .openapi('BroadcastRequest')

const BroadcastResultSchema = z
  .object({
    channel: z.string().openapi({ example: 'broadcast:org_4f9c2b7d1a3e5f60' }),
    pkg_id: z.number().int(),
    req_id: z.literal(BROADCAST_REQ_ID),
  })
  .openapi('BroadcastResult')

export const broadcast = createRoute({
  method: 'post',
  path: '/realtime/broadcast',
  tags: ['Realtime'],
  summary: 'Broadcast a message to open WebSocket connections (admin)',
  description:
    'Publishes the message on the event bus; every node sends ' +
    '`{pkg_id, req_id: "00000000-0000-0000-0000-000000000000", data}` to its matching sockets. ' +
    'A socket whose send fails is disconnected; the others still receive the message.',
  security: bearerSecurity,
  middleware: [requireScope('admin')] as const,
  request: {
    body: { content: { 'application/json': { schema: BroadcastBodySchema } }, required: true },
  },
  responses: {
    202: json(successEnvelope(BroadcastResultSchema), 'Published to every node'),
    ...badRequestError,
    ...commonErrors,
  },
})
