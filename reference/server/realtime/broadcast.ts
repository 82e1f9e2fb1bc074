/**
 * @module Server-initiated broadcast (seed 002): an event published on the bus channel
 * `broadcast` (every connection) or `broadcast:{organizationId}` (one organization) reaches each
 * node's hub, which sends `{pkg_id, req_id: "00000000-…", data}` to a snapshot of its matching
 * connections concurrently. A socket whose send fails is terminated and removed; the others
 * still receive the message.
 * @see https://docs.blueround.com/realtime/broadcast/
 */
import type { EventBus } from '../events/index.ts'
import type { Clock } from '../lib/clock.ts'
import { flowStep } from '../observability/flow.ts'
import type { Metrics } from '../observability/metrics.ts'
import { sendJson, type Connection } from './connection.ts'
import { BROADCAST_REQ_ID } from './protocol.ts'

const FLOW = 'realtime/broadcast'

/** The bus channel of a broadcast: everyone, or one organization. */
export const broadcastChannel = (organizationId?: string): string =>
  organizationId === undefined ? 'broadcast' : `broadcast:${organizationId}`

export interface BroadcastMessage {
  pkg_id: number
  data: unknown
}

/** Publishes a broadcast on the bus; every node's hub delivers it to its own sockets. */
export const publishBroadcast = (
  events: EventBus,
  clock: Clock,
  message: BroadcastMessage & { organizationId?: string | undefined },
): string => {
  const channel = broadcastChannel(message.organizationId)
  events.publish(channel, {
    type: 'update',
    channel,
    event: 'broadcast',
    data: { pkg_id: message.pkg_id, data: message.data },
    timestamp: new Date(clock.now()).toISOString(),
  })
  return channel
}

/**
 * Sends one message to every connection of the snapshot at once.
 * @param drop - terminates and removes a socket whose send failed
 * @returns how many sends succeeded and failed
 */
export const sendToAll = async (
  snapshot: readonly Connection[],
  message: BroadcastMessage,
  deps: { metrics: Metrics; drop: (connection: Connection) => void },
): Promise<{ sent: number; failed: number }> => {
  flowStep(FLOW, 'Each connection of the snapshot, concurrently')
  const payload = { pkg_id: message.pkg_id, req_id: BROADCAST_REQ_ID, data: message.data }
  const results = await Promise.allSettled(
    snapshot.map(async (connection) => {
      try {
        await sendJson(connection.socket, payload)
        flowStep(FLOW, 'Sent')
        deps.metrics.wsMessagesTotal.inc({ direction: 'out', pkg_id: 'broadcast', status: '0' })
      } catch (error) {
        flowStep(FLOW, 'Connection failed')
        deps.drop(connection)
        throw error
      }
    }),
  )
  const failed = results.filter((r) => r.status === 'rejected').length
  flowStep(FLOW, 'Broadcast complete')
  return { sent: results.length - failed, failed }
}
