/**
 * @module The Redis pub/sub {@link EventBus}: an event published on one node reaches the
 * subscribers (WebSocket channels, broadcast) of every node.
 *
 * Local subscribers get the event at once, synchronously, exactly as with the in-process bus;
 * the event also goes out on the Redis channel `<prefix>bus:<channel>`, and every other node
 * (subscribed to the pattern `<prefix>bus:*` on its own connection) delivers it to its local
 * subscribers. A node skips its own messages by their origin id, so nobody gets an event twice.
 */
import type { Redis } from 'ioredis'
import { createEventBus, type BusEvent, type EventBus } from '../events/index.ts'

export interface RedisEventBusOptions {
  /** Publishes; commands only. */
  publisher: Redis
  /** A dedicated connection: a subscribed Redis connection can run no other commands. */
  subscriber: Redis
  /** Key prefix shared by the nodes of one deployment. */
  prefix: string
  /** This node's id, to skip its own messages. */
  nodeId: string
  onError?: (error: unknown) => void
}

interface Envelope {
  origin: string
  channel: string
  event: BusEvent
}

export interface RedisEventBus extends EventBus {
  /** Resolves once the subscriber listens: events published after this reach this node. */
  ready: Promise<void>
  close(): Promise<void>
}

export const createRedisEventBus = (options: RedisEventBusOptions): RedisEventBus => {
  const { publisher, subscriber, prefix, nodeId, onError } = options
  const local = createEventBus(onError)
  const pattern = `${prefix}bus:*`
  subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => {
    try {
      const envelope = JSON.parse(message) as Envelope
      if (envelope.origin !== nodeId) local.publish(envelope.channel, envelope.event)
    } catch (error) {
      onError?.(error)
    }
  })
  const ready = subscriber.psubscribe(pattern).then(() => undefined)
  return {
    ready,
    publish(channel, event) {
      local.publish(channel, event)
      const envelope: Envelope = { origin: nodeId, channel, event }
      publisher.publish(`${prefix}bus:${channel}`, JSON.stringify(envelope)).catch(onError)
    },
    subscribe: (channel, listener) => local.subscribe(channel, listener),
    async close() {
      await subscriber.punsubscribe(pattern).catch(() => undefined)
    },
  }
}
