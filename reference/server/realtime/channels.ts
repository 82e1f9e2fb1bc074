/**
 * @module Channel subscriptions (seed 003): a socket joins `shipments:{id}` or `devices:{id}`,
 * gets the current state first, then every update published on the event bus for that channel.
 * The hub subscribes to the bus once per channel that has local subscribers, so each node
 * delivers only to its own sockets and Redis pub/sub can sit behind the same bus.
 * @see https://docs.blueround.com/realtime/channels-and-heartbeat/
 */
import type { BusEvent, EventBus } from '../events/index.ts'
import { flowStep } from '../observability/flow.ts'
import type { Metrics } from '../observability/metrics.ts'
import { credentialGrants, PERMISSION_SCOPES, type AnyScope } from '../services/permissions.ts'
import type { PermissionService } from '../services/permissions.ts'
import type { ChannelSource } from './channel-source.ts'
import { sendJson, type Connection } from './connection.ts'
import { STATUS, type Response } from './protocol.ts'

const FLOW = 'realtime/channels-and-heartbeat'
const DENIED = 'Permission denied'

/** `shipments` needs `shipments:read`; a family without a fine scope needs `read`. */
export const scopeOfFamily = (prefix: string): AnyScope => {
  const fine = `${prefix}:read`
  return (PERMISSION_SCOPES as readonly string[]).includes(fine) ? (fine as AnyScope) : 'read'
}

type Outcome = Omit<Response, 'pkg_id' | 'req_id'> & { after?: () => void }

export const createChannels = (deps: {
  events: EventBus
  sources: readonly ChannelSource[]
  permissions: PermissionService
  metrics: Metrics
}) => {
  const members = new Map<string, Set<Connection>>()
  const offBus = new Map<string, () => void>()
  /** Updates held back per connection until its snapshot answer is sent. */
  const pending = new Map<Connection, Map<string, BusEvent[]>>()

  const push = (connection: Connection, event: BusEvent) => {
    const held = pending.get(connection)?.get(event.channel)
    if (held !== undefined) {
      held.push(event)
      return
    }
    deps.metrics.wsMessagesTotal.inc({ direction: 'out', pkg_id: 'update', status: '0' })
    sendJson(connection.socket, event).catch(() => undefined)
  }

  const deliver = (event: BusEvent) => {
    for (const connection of [...(members.get(event.channel) ?? [])]) push(connection, event)
  }

  const join = (connection: Connection, channel: string) => {
    let set = members.get(channel)
    if (set === undefined) {
      set = new Set()
      members.set(channel, set)
      offBus.set(channel, deps.events.subscribe(channel, deliver))
    }
    set.add(connection)
    connection.channels.add(channel)
  }

  const leave = (connection: Connection, channel: string) => {
    connection.channels.delete(channel)
    pending.get(connection)?.delete(channel)
    const set = members.get(channel)
    if (set === undefined) return
    set.delete(connection)
    if (set.size > 0) return
    members.delete(channel)
    offBus.get(channel)?.()
    offBus.delete(channel)
  }

  return {
    async subscribe(connection: Connection, channel: string): Promise<Outcome> {
      const separator = channel.indexOf(':')
      const prefix = channel.slice(0, separator)
      const id = channel.slice(separator + 1)
      const source = deps.sources.find((s) => s.prefix === prefix)
      if (source === undefined) {
        flowStep(FLOW, 'Unknown channel family')
        return { status_code: STATUS.INVALID_DATA, msg: 'Unknown channel family' }
      }
      const scope = scopeOfFamily(prefix)
      const { permissions } = await deps.permissions.load(connection.userId)
      if (
        !credentialGrants(connection.principal.scopes, scope) ||
        !permissions.scopes.includes(scope)
      ) {
        flowStep(FLOW, 'Permission denied')
        return { status_code: STATUS.PERMISSION_DENIED, msg: DENIED }
      }
      // Join first and hold updates back, so none is lost between the snapshot and the answer.
      const alreadyMember = connection.channels.has(channel)
      let held = pending.get(connection)
      if (held === undefined) {
        held = new Map()
        pending.set(connection, held)
      }
      held.set(channel, [])
      join(connection, channel)
      const release = () => {
        const events = pending.get(connection)?.get(channel) ?? []
        pending.get(connection)?.delete(channel)
        if (pending.get(connection)?.size === 0) pending.delete(connection)
        for (const event of events) push(connection, event)
      }
      let state: unknown
      try {
        state = await source.snapshot(connection.organizationId, id)
      } catch (error) {
        release()
        if (!alreadyMember) leave(connection, channel)
        throw error
      }
      if (state === undefined) {
        release()
        if (!alreadyMember) leave(connection, channel)
        flowStep(FLOW, "Not found or another organization's")
        return { status_code: STATUS.PERMISSION_DENIED, msg: DENIED }
      }
      flowStep(FLOW, "Channel of the caller's organization")
      return { status_code: STATUS.OK, data: { channel, state }, after: release }
    },

    unsubscribe(connection: Connection, channel: string): Outcome {
      leave(connection, channel)
      return { status_code: STATUS.OK, data: { channel } }
    },

    /** Leaves every channel; called when the socket closes. */
    drop(connection: Connection) {
      for (const channel of [...connection.channels]) leave(connection, channel)
      pending.delete(connection)
    },

    /** Local subscribers of a channel (for tests and the bench). */
    size: (channel: string) => members.get(channel)?.size ?? 0,
  }
}

export type Channels = ReturnType<typeof createChannels>
