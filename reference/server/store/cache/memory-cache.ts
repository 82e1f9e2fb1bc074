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
  /**
   * Sliding-window logs: admitted requests' times in order, one entry per distinct time with its
   * count; `total` is the count from `head` on.
   */
  const windows = new Map<
    string,
    { times: number[]; counts: number[]; head: number; total: number }
  >()
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

  const hitWindowSync = (key: string, now: number, windowMs: number, limit: number): WindowHit => {
    check()
    let log = windows.get(key)
    if (log === undefined) {
      if (windows.size >= maxEntries) {
        for (const [k, l] of windows)
          if ((l.times.at(-1) ?? Number.NEGATIVE_INFINITY) <= now - windowMs) windows.delete(k)
      }
      log = { times: [], counts: [], head: 0, total: 0 }
      windows.set(key, log)
    }
    const windowStart = now - windowMs
    while (log.head < log.times.length && (log.times[log.head] ?? 0) <= windowStart) {
      log.total -= log.counts[log.head] ?? 0
      log.head += 1
    }
    // A deque: advancing `head` is O(1); the arrays are compacted only when half is dead.
    if (log.head > 1024 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head)
      log.counts = log.counts.slice(log.head)
      log.head = 0
    }
    const allowed = log.total < limit
    if (allowed) {
      const last = log.times.length - 1
      // Requests in the same millisecond share one entry: the log stays exact, and under
      // heavy load (the bench profile admits millions a window) it stays small.
      if (last >= log.head && log.times[last] === now)
        log.counts[last] = (log.counts[last] ?? 0) + 1
      else {
        log.times.push(now)
        log.counts.push(1)
      }
      log.total += 1
    }
    return { allowed, count: log.total, oldest: log.times[log.head] ?? now }
  }

  return {
    async get(key) {
      check()
      return live(key)?.value
    },
    peek(key) {
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
      return hitWindowSync(key, now, windowMs, limit)
    },
    hitWindowSync,
    async ping() {
      check()
    },
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: () => down,
  }
}
