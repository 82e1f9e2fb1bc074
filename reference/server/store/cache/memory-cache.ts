/** @module In-memory {@link Cache}. Single process, so every operation is trivially atomic. */
import { CacheError } from '../../errors/cache-error.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Cache, WindowHit } from './cache.ts'

interface Entry {
  value: string
  expiresAt: number
}

/**
 * @param clock - TTLs are measured on this clock, so tests expire entries without sleeping
 * @param maxEntries - a crude bound; expired entries are swept when it is reached
 * @default maxEntries 100_000
 */
export const createMemoryCache = (clock: Clock, maxEntries = 100_000): Cache => {
  const entries = new Map<string, Entry>()
  const windows = new Map<string, { times: number[]; head: number }>()
  let down = false

  const check = (): void => {
    if (down) throw new CacheError('Cache unavailable (simulated outage)')
  }
  const sweep = (): void => {
    const now = clock.now()
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key)
  }
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= clock.now()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }
  const put = (key: string, value: string, ttlMs: number): void => {
    if (entries.size >= maxEntries) sweep()
    entries.set(key, { value, expiresAt: clock.now() + ttlMs })
  }

  return {
    async get(key) {
      check()
      return live(key)?.value
    },
    async set(key, value, ttlMs) {
      check()
      put(key, value, ttlMs)
    },
    async delete(key) {
      check()
      entries.delete(key)
    },
    async increment(key, ttlMs) {
      check()
      const entry = live(key)
      const next = entry === undefined ? 1 : Number(entry.value) + 1
      if (entry === undefined) put(key, String(next), ttlMs)
      else entry.value = String(next)
      return next
    },
    async hitWindow(key, now, windowMs, limit): Promise<WindowHit> {
      check()
      let log = windows.get(key)
      if (log === undefined) {
        if (windows.size >= maxEntries) {
          for (const [k, l] of windows)
            if ((l.times.at(-1) ?? Number.NEGATIVE_INFINITY) <= now - windowMs) windows.delete(k)
        }
        log = { times: [], head: 0 }
        windows.set(key, log)
      }
      const { times } = log
      const windowStart = now - windowMs
      while (log.head < times.length && (times[log.head] ?? 0) <= windowStart) log.head += 1
      // A deque: advancing `head` is O(1); the array is compacted only when half of it is dead.
      if (log.head > 1024 && log.head * 2 > times.length) {
        log.times = times.slice(log.head)
        log.head = 0
      }
      const count = log.times.length - log.head
      const allowed = count < limit
      if (allowed) log.times.push(now)
      return {
        allowed,
        count: allowed ? count + 1 : count,
        oldest: log.times[log.head] ?? now,
      }
    },
    async ping() {
      check()
    },
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: () => down,
  }
}
