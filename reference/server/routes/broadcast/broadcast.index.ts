/** @module Wiring and handler of `POST /realtime/broadcast`. */
import { ForbiddenError } from '../../errors/forbidden-error.ts'
import { createRouter, type AppRouteHandler } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import { publishBroadcast } from '../../realtime/broadcast.ts'
import { BROADCAST_REQ_ID } from '../../realtime/protocol.ts'
import * as routes from './broadcast.routes.ts'

const handle: AppRouteHandler<typeof routes.broadcast> = (c) => {
  const { pkg_id, data, audience } = c.req.valid('json')
  const { config, clock } = c.get('services').deps
  if (audience === 'all' && config.mode === 'production')
    throw new ForbiddenError('Broadcast to every organization is refused in production')
  // Never sent from here: the bus reaches every node's hub, which sends to its own sockets.
  const channel = publishBroadcast(c.get('services').events, clock, {
    pkg_id,
    data,
    organizationId: audience === 'all' ? undefined : c.get('organization').id,
  })
  return c.json(success(c, { channel, pkg_id, req_id: BROADCAST_REQ_ID }), 202)
}

export const createBroadcastRouter = () => createRouter().openapi(routes.broadcast, handle)
