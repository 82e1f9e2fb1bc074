/**
 * @module The Redis implementations of shared state, against a real Redis: the sliding window
 * script, the event bus across two "nodes" and the connection counter with a dead node. They run
 * in the scale-out suite (`npm run test:unit:scaleout`); the embedded run skips them.
 */
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BusEvent } from '../events/index.ts'
import { createFakeClock } from '../lib/clock.ts'
import { createRedisCache } from '../store/cache/redis-cache.ts'
import { deleteKeys, testBackend, testRedisUrl } from '../testing/scaleout-backend.ts'
import { createRedisConnectionCounter } from './redis-connection-counter.ts'
import { openRedis } from './redis-client.ts'
import { createRedisEventBus } from './redis-event-bus.ts'

const event = (data: unknown): BusEvent => ({
  type: 'update',
  channel: 'shipments:shp_1',
  event: 'status_changed',
  data,
  timestamp: '2026-11-22T10:00:00.000Z',
})

describe.skipIf(testBackend() !== 'postgres')(
  'Redis shared state (skipped outside npm run test:unit:scaleout)',
  () => {
    const prefix = `bt:state:${randomBytes(4).toString('hex')}:`
    const clients: Redis[] = []
    const client = async () => {
      const redis = await openRedis(testRedisUrl(), 'blueround-test')
      clients.push(redis)
      return redis
    }
    let redis: Redis
    beforeAll(async () => {
      redis = await client()
    })
    afterAll(async () => {
      await deleteKeys(redis, prefix)
      for (const c of clients) await c.quit().catch(() => undefined)
    })

    it('sliding window: concurrent hits from two clients never pass the limit', async () => {
      const clock = createFakeClock()
      const one = createRedisCache({ redis, clock, prefix })
      const two = createRedisCache({ redis: await client(), clock, prefix })
      const hits = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 === 0 ? one : two).hitWindow('w1', clock.now(), 60_000, 60),
        ),
      )
      expect(hits.filter((h) => h.allowed)).toHaveLength(60)
      expect(Math.max(...hits.map((h) => h.count))).toBe(60)
      // The key expires on its own after window x 2 (EXPIRE), as in seed 002's diagram.
      const ttl = await redis.ttl(`${prefix}window:w1`)
      expect(ttl).toBeGreaterThan(60)
      expect(ttl).toBeLessThanOrEqual(120)
    })

    it('sliding window: entries older than the window are dropped on the next hit', async () => {
      const clock = createFakeClock()
      const cache = createRedisCache({ redis, clock, prefix })
      expect((await cache.hitWindow('w2', clock.now(), 1_000, 2)).allowed).toBe(true)
      clock.advance(500)
      expect(await cache.hitWindow('w2', clock.now(), 1_000, 2)).toMatchObject({
        allowed: true,
        count: 2,
        oldest: clock.now() - 500,
      })
      expect((await cache.hitWindow('w2', clock.now(), 1_000, 2)).allowed).toBe(false)
      clock.advance(500) // the first hit is now at the window start: dropped
      expect(await cache.hitWindow('w2', clock.now(), 1_000, 2)).toMatchObject({
        allowed: true,
        count: 2,
      })
    })

    it('get, set, delete and increment expire on the injected clock', async () => {
      const clock = createFakeClock()
      const cache = createRedisCache({ redis, clock, prefix })
      await cache.set('k', 'v', 1_000)
      expect(await cache.get('k')).toBe('v')
      clock.advance(1_000)
      expect(await cache.get('k')).toBeUndefined()
      expect(await cache.increment('n', 1_000)).toBe(1)
      expect(await cache.increment('n', 1_000)).toBe(2)
      clock.advance(1_000)
      expect(await cache.increment('n', 1_000)).toBe(1)
      await cache.set('gone', 'x', 10_000)
      await cache.delete('gone')
      expect(await cache.get('gone')).toBeUndefined()
      cache.setSimulatedOutage(true)
      await expect(cache.ping()).rejects.toThrow('simulated outage')
    })

    it('event bus: an event published on node A reaches subscribers on node B, once', async () => {
      const nodeA = createRedisEventBus({
        publisher: redis,
        subscriber: await client(),
        prefix,
        nodeId: 'a',
      })
      const nodeB = createRedisEventBus({
        publisher: await client(),
        subscriber: await client(),
        prefix,
        nodeId: 'b',
      })
      await Promise.all([nodeA.ready, nodeB.ready])
      const onA: unknown[] = []
      const onB: unknown[] = []
      nodeA.subscribe('shipments:shp_1', (e) => onA.push(e.data))
      const received = new Promise<void>((resolve) =>
        nodeB.subscribe('*', (e) => {
          onB.push(e.data)
          resolve()
        }),
      )
      nodeA.publish('shipments:shp_1', event({ n: 1 }))
      expect(onA).toEqual([{ n: 1 }]) // local subscribers synchronously, as in-process
      await received
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(onA).toEqual([{ n: 1 }]) // its own message coming back from Redis is skipped
      expect(onB).toEqual([{ n: 1 }])
      await nodeA.close()
      await nodeB.close()
    })

    it('connection counter: the limit holds across nodes; a dead node stops counting', async () => {
      const a = createRedisConnectionCounter({ redis, prefix, nodeId: 'node-a' })
      const bClient = await client()
      const b = createRedisConnectionCounter({
        redis: bClient,
        prefix,
        nodeId: 'node-b',
        heartbeatTtlMs: 300,
      })
      for (const id of ['c0', 'c1', 'c2']) expect(await a.acquire('usr_1', id, 5)).toBe(true)
      const onB = await Promise.all(
        Array.from({ length: 9 }, (_, i) => b.acquire('usr_1', `b${i}`, 5)),
      )
      expect(onB.filter(Boolean)).toHaveLength(2)
      expect(await a.count('usr_1')).toBe(5)
      expect(await a.acquire('usr_1', 'late', 5)).toBe(false)
      // Node B dies without releasing anything: its heartbeat key expires after its TTL, and
      // from then on its sockets no longer count.
      bClient.disconnect()
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(await a.count('usr_1')).toBe(3)
      await a.release('usr_1', 'c0')
      expect(await a.count('usr_1')).toBe(2)
      await a.close()
    })
  },
)
