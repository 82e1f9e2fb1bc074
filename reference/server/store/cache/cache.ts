/**
 * @module The cache interface: rate-limit windows, fault sessions, and (in later issues) the
 * permission cache and login session records. In memory by default; `REDIS_URL` puts Redis
 * behind the same interface (`redis-cache.ts`; the sliding window becomes one Lua script there).
 */

/** The outcome of one atomic sliding-window hit. */
export interface WindowHit {
  /** Whether the request was admitted (and recorded). */
  allowed: boolean
  /** Requests in the window after this hit (admitted ones only). */
  count: number
  /** Epoch ms of the oldest request still in the window; `now` when the window is empty. */
  oldest: number
}

export interface Cache {
  /** Which engine holds the entries, as `GET /health` reports it. @default 'memory' */
  readonly engine?: 'memory' | 'redis'
  get(key: string): Promise<string | undefined>
  /**
   * `get` without a promise, for caches inside this process (the memory cache has it, Redis does
   * not). The hot path reads a few entries on every request; each awaited read costs more than
   * the lookup. Throws `CacheError` wherever `get` would reject.
   */
  peek?(key: string): string | undefined
  /** @param ttlMs - time to live, measured on the injected clock */
  set(key: string, value: string, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /** Atomically increments an integer counter (creating it at 1) and returns the new value. */
  increment(key: string, ttlMs: number): Promise<number>
  /**
   * The sliding-window log step, atomically: drop entries at or before `now - windowMs`, count the
   * rest, and record `now` only when the count is below `limit`. Concurrent callers can never
   * push the count past `limit`.
   */
  hitWindow(key: string, now: number, windowMs: number, limit: number): Promise<WindowHit>
  /** `hitWindow` without a promise, for caches inside this process (see `peek`). */
  hitWindowSync?(key: string, now: number, windowMs: number, limit: number): WindowHit
  /** A trivial round trip, for `/health`. */
  ping(): Promise<void>
  /** Fault injection: while `true`, every call fails with `CacheError`. */
  setSimulatedOutage(down: boolean): void
  isSimulatedOutage(): boolean
}

/**
 * `cache.peek(key)` where the cache has it, with an outage read as a miss: `undefined` means
 * "not known here without a round trip", so the caller falls back to `get`.
 */
export const peekQuietly = (cache: Cache, key: string): string | undefined => {
  try {
    return cache.peek?.(key)
  } catch {
    return undefined
  }
}
