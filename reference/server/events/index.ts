/**
 * @module The in-process event bus: `publish(channel, event)` fans an event out to the
 * subscribers of its channel. Shipment tracking publishes on `shipments:{id}`; the realtime issue
 * attaches WebSocket channels here, and the scale-out issue puts Redis pub/sub behind the same
 * interface.
 * @see https://docs.blueround.com/workflows/shipment-tracking/
 */

/** One message on a channel, in the shape WebSocket clients receive (seed 003). */
export interface BusEvent<T = unknown> {
  type: 'update'
  channel: string
  /** e.g. `status_changed`, `delivered` */
  event: string
  data: T
  /** ISO-8601 */
  timestamp: string
}

export type BusListener = (event: BusEvent) => void

export interface EventBus {
  /** Delivers `event` to the channel's subscribers now; a throwing subscriber is isolated. */
  publish(channel: string, event: BusEvent): void
  /**
   * @param channel - an exact channel such as `shipments:shp_…`, or `*` for every channel
   * @returns unsubscribe
   */
  subscribe(channel: string, listener: BusListener): () => void
}

/**
 * @param onListenerError - called when a subscriber throws (the publisher never sees it)
 * @example
 * const bus = createEventBus()
 * const off = bus.subscribe(`shipments:${id}`, (e) => console.log(e.event))
 */
export const createEventBus = (onListenerError?: (error: unknown) => void): EventBus => {
  const listeners = new Map<string, Set<BusListener>>()
  const deliver = (set: Set<BusListener> | undefined, event: BusEvent) => {
    for (const listener of set ?? []) {
      try {
        listener(event)
      } catch (error) {
        onListenerError?.(error)
      }
    }
  }
  return {
    publish(channel, event) {
      deliver(listeners.get(channel), event)
      deliver(listeners.get('*'), event)
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) {
        set = new Set()
        listeners.set(channel, set)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(channel)
      }
    },
  }
}
