import { describe, expect, it } from 'vitest'
import { CacheError } from '../../errors/cache-error.ts'
import { createFakeClock } from '../../lib/clock.ts'
import { createMemoryCache } from './memory-cache.ts'

describe('memory cache', () => {
  it('expires values on the injected clock, without sleeping', async () => {
    const clock = createFakeClock()
    const cache = createMemoryCache(clock)
    await cache.set('a', '1', 1000)
    clock.advance(999)
    expect(await cache.get('a')).toBe('1')
    clock.advance(1)
    expect(await cache.get('a')).toBeUndefined()
  })

  it('increments counters from 1 and keeps their TTL', async () => {
    const clock = createFakeClock()
    const cache = createMemoryCache(clock)
    expect(await cache.increment('n', 100)).toBe(1)
    expect(await cache.increment('n', 100)).toBe(2)
    clock.advance(100)
    expect(await cache.increment('n', 100)).toBe(1)
  })

  it('slides the window: entries at or before now - window leave it', async () => {
    const cache = createMemoryCache(createFakeClock())
    expect(await cache.hitWindow('w', 0, 1000, 2)).toEqual({ allowed: true, count: 1, oldest: 0 })
    expect(await cache.hitWindow('w', 500, 1000, 2)).toEqual({ allowed: true, count: 2, oldest: 0 })
    expect(await cache.hitWindow('w', 999, 1000, 2)).toEqual({
      allowed: false,
      count: 2,
      oldest: 0,
    })
    expect(await cache.hitWindow('w', 1000, 1000, 2)).toEqual({
      allowed: true,
      count: 2,
      oldest: 500,
    })
  })

  it('counts hits in the same millisecond one by one, and lets them leave together', async () => {
    const cache = createMemoryCache(createFakeClock())
    const at = async (t: number) => cache.hitWindow('ms', t, 1000, 3)
    expect(await at(10)).toEqual({ allowed: true, count: 1, oldest: 10 })
    expect(await at(10)).toEqual({ allowed: true, count: 2, oldest: 10 })
    expect(await at(20)).toEqual({ allowed: true, count: 3, oldest: 10 })
    expect(await at(20)).toEqual({ allowed: false, count: 3, oldest: 10 })
    // Both hits at 10 leave at 1010 and free two slots; the rejected hit at 20 was not logged.
    expect(await at(1010)).toEqual({ allowed: true, count: 2, oldest: 20 })
    expect(await at(1010)).toEqual({ allowed: true, count: 3, oldest: 20 })
    expect(await at(1010)).toEqual({ allowed: false, count: 3, oldest: 20 })
    expect(await at(1020)).toEqual({ allowed: true, count: 3, oldest: 1010 })
  })

  it('keeps long windows O(1) per hit by compacting the log', async () => {
    const cache = createMemoryCache(createFakeClock())
    for (let t = 0; t < 50_000; t += 1) await cache.hitWindow('big', t, 1000, 1_000_000)
    expect((await cache.hitWindow('big', 50_000, 1000, 1_000_000)).count).toBe(1000)
  })

  it('fails every call with CacheError during a simulated outage', async () => {
    const cache = createMemoryCache(createFakeClock())
    cache.setSimulatedOutage(true)
    await expect(cache.ping()).rejects.toBeInstanceOf(CacheError)
    await expect(cache.hitWindow('w', 0, 1, 1)).rejects.toBeInstanceOf(CacheError)
    cache.setSimulatedOutage(false)
    await expect(cache.ping()).resolves.toBeUndefined()
  })
})
