/**
 * @module The Redis {@link Cache} (`REDIS_URL=redis://…`), shared by every node: rate-limit
 * windows, the permission cache, login session records and fault sessions.
 *
 * TTLs are written as absolute expiry times taken from the injected clock (`PEXPIREAT`-style
 * values kept beside the data), not Redis' own timers, so that tests with a fake clock expire
 * entries exactly as the in-memory cache does. In production the clock is the wall clock and
 * Redis also expires every key on its own (`PX`), so nothing is kept longer than its TTL.
 * @see https://docs.blueround.com/api/rate-limiting/
 */
import type { Redis } from 'ioredis'
import { CacheError } from '../../errors/cache-error.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Cache, WindowHit } from './cache.ts'

/**
 * Seed 002's sliding window as ONE atomic script: ZREMRANGEBYSCORE drops requests at or before
 * the window start, ZCARD counts the rest, and only when the count is below the limit ZADD
 * records this request and EXPIRE (window x 2) lets Redis clean the key up. Redis runs a script
 * without interleaving other commands, so concurrent requests on any node cannot overshoot.
 * KEYS[1] window key; ARGV now, windowStart, limit, member, ttl (seconds).
 */
export const SLIDING_WINDOW_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {allowed, count, oldest[2] or ARGV[1]}
`

/** `INCR` with a TTL on the clock: `value|expiresAt` is one string, updated atomically. */
const INCREMENT_LUA = `
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
local n = 1
local expires = now + tonumber(ARGV[2])
if raw then
  local sep = string.find(raw, '|', 1, true)
  local at = tonumber(string.sub(raw, 1, sep - 1))
  if at > now then
    n = tonumber(string.sub(raw, sep + 1)) + 1
    expires = at
  end
end
redis.call('SET', KEYS[1], expires .. '|' .. n, 'PX', math.max(1, expires - now) + 60000)
return n
`

export interface RedisCacheOptions {
  redis: Redis
  clock: Clock
  /** Prepended to every key (one per app in tests, one per deployment in production). */
  prefix?: string
}

/** Entries carry their expiry on the injected clock: `<expiresAt>|<value>`. */
const encode = (value: string, expiresAt: number) => `${expiresAt}|${value}`
const decode = (raw: string, now: number): string | undefined => {
  const sep = raw.indexOf('|')
  return Number(raw.slice(0, sep)) > now ? raw.slice(sep + 1) : undefined
}

/** A slack added to Redis' own TTL so that the clock, not Redis, decides expiry in tests. */
const SLACK_MS = 60_000

export const createRedisCache = (options: RedisCacheOptions): Cache => {
  const { redis, clock } = options
  const prefix = options.prefix ?? 'blueround:'
  let down = false
  let sequence = 0
  const k = (key: string) => `${prefix}${key}`
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (down) throw new CacheError('Cache unavailable (simulated outage)')
    try {
      return await work()
    } catch (error) {
      throw new CacheError(`Cache unavailable: ${(error as Error).message}`, { cause: error })
    }
  }
  return {
    engine: 'redis',
    get: (key) =>
      guard(async () => {
        const raw = await redis.get(k(key))
        return raw === null ? undefined : decode(raw, clock.now())
      }),
    set: (key, value, ttlMs) =>
      guard(async () => {
        await redis.set(k(key), encode(value, clock.now() + ttlMs), 'PX', ttlMs + SLACK_MS)
      }),
    delete: (key) =>
      guard(async () => {
        await redis.del(k(key))
      }),
    increment: (key, ttlMs) =>
      guard(async () =>
        Number(await redis.eval(INCREMENT_LUA, 1, k(key), clock.now(), Math.max(1, ttlMs))),
      ),
    hitWindow: (key, now, windowMs, limit) =>
      guard(async (): Promise<WindowHit> => {
        // The member must be unique per request: the score carries the time.
        sequence = (sequence + 1) % 1_000_000_000
        const member = `${now}:${process.pid}:${sequence}:${Math.random().toString(36).slice(2)}`
        const [allowed, count, oldest] = (await redis.eval(
          SLIDING_WINDOW_LUA,
          1,
          k(`window:${key}`),
          now,
          now - windowMs,
          limit,
          member,
          Math.ceil((windowMs * 2) / 1000),
        )) as [number, number, string]
        return { allowed: allowed === 1, count, oldest: Number(oldest) }
      }),
    ping: () =>
      guard(async () => {
        await redis.ping()
      }),
    setSimulatedOutage(value) {
      down = value
    },
    isSimulatedOutage: () => down,
  }
}
