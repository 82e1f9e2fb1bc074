import { describe, expect, it } from 'vitest'
import { createEventBus, type BusEvent } from './index.ts'

const event = (channel: string, name = 'status_changed'): BusEvent => ({
  type: 'update',
  channel,
  event: name,
  data: {},
  timestamp: '2026-11-22T10:00:00.000Z',
})

describe('event bus', () => {
  it("delivers to the channel's subscribers and to '*', until they unsubscribe", () => {
    const bus = createEventBus()
    const one: string[] = []
    const all: string[] = []
    const off = bus.subscribe('shipments:a', (e) => one.push(e.event))
    bus.subscribe('*', (e) => all.push(e.channel))
    bus.publish('shipments:a', event('shipments:a'))
    bus.publish('shipments:b', event('shipments:b'))
    off()
    bus.publish('shipments:a', event('shipments:a', 'delivered'))
    expect(one).toEqual(['status_changed'])
    expect(all).toEqual(['shipments:a', 'shipments:b', 'shipments:a'])
  })

  it('isolates a throwing subscriber from the publisher and the others', () => {
    const errors: unknown[] = []
    const bus = createEventBus((error) => errors.push(error))
    const seen: string[] = []
    bus.subscribe('c', () => {
      throw new Error('socket closed')
    })
    bus.subscribe('c', (e) => seen.push(e.event))
    expect(() => bus.publish('c', event('c'))).not.toThrow()
    expect(seen).toEqual(['status_changed'])
    expect(errors).toHaveLength(1)
  })
})
