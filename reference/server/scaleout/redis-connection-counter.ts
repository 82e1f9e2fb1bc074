/**
 * @module WebSocket connections per user in Redis, so the per-user limit holds across nodes
 * (seed 002's connection limiting: SADD, then SCARD, and SREM when over the limit).
 *
 * Each member is `<nodeId>|<connectionId>`. Every node keeps a heartbeat key
 * `<prefix>ws:alive:<nodeId>` alive with a TTL; when a node dies (kill -9, lost host) its key
 * expires, and the next acquire or count for a user drops that node's members before counting.
 * So a dead node's sockets stop counting against the limit one TTL after it died.
 */
import type { Redis } from 'ioredis'
import type { ConnectionCounter } from '../realtime/connection-counter.ts'

/**
 * KEYS[1] the user's set; ARGV prefix of heartbeat keys, member, limit (0 = count only).
 * Prunes members of dead nodes, then SADD, SCARD, and SREM again when over the limit. Redis runs
 * the script atomically, so concurrent connects on any node cannot exceed the limit.
 */
const ACQUIRE_LUA = `
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local node = string.sub(m, 1, string.find(m, '|', 1, true) - 1)
  if redis.call('EXISTS', ARGV[1] .. node) == 0 then redis.call('SREM', KEYS[1], m) end
end
local limit = tonumber(ARGV[3])
if limit == 0 then return redis.call('SCARD', KEYS[1]) end
local added = redis.call('SADD', KEYS[1], ARGV[2])
local count = redis.call('SCARD', KEYS[1])
if count > limit then
  if added == 1 then redis.call('SREM', KEYS[1], ARGV[2]) end
  return -1
end
return count
`

export interface RedisConnectionCounterOptions {
  redis: Redis
  prefix: string
  nodeId: string
  /** How long a silent node's connections keep counting. @default 15_000 */
  heartbeatTtlMs?: number
}

export interface RedisConnectionCounter extends ConnectionCounter {
  /** Stops the heartbeat and releases this node's connections (graceful shutdown). */
  close(): Promise<void>
}

export const createRedisConnectionCounter = (
  options: RedisConnectionCounterOptions,
): RedisConnectionCounter => {
  const { redis, prefix, nodeId } = options
  const ttl = options.heartbeatTtlMs ?? 15_000
  const aliveKey = `${prefix}ws:alive:${nodeId}`
  const userKey = (userId: string) => `${prefix}ws:connections:${userId}`
  const member = (connectionId: string) => `${nodeId}|${connectionId}`
  const mine = new Map<string, Set<string>>()
  const beat = () => redis.set(aliveKey, String(Date.now()), 'PX', ttl).catch(() => undefined)
  let heartbeat: Promise<unknown> = beat()
  const timer = setInterval(
    () => {
      heartbeat = beat()
    },
    Math.max(100, Math.floor(ttl / 3)),
  )
  timer.unref()
  const run = async (userId: string, connectionId: string, limit: number) => {
    await heartbeat
    return Number(
      await redis.eval(
        ACQUIRE_LUA,
        1,
        userKey(userId),
        `${prefix}ws:alive:`,
        member(connectionId),
        limit,
      ),
    )
  }
  return {
    async acquire(userId, connectionId, limit) {
      if (limit <= 0) return false
      const admitted = (await run(userId, connectionId, limit)) > 0
      if (admitted) {
        const set = mine.get(userId) ?? new Set<string>()
        set.add(connectionId)
        mine.set(userId, set)
      }
      return admitted
    },
    async release(userId, connectionId) {
      mine.get(userId)?.delete(connectionId)
      await redis.srem(userKey(userId), member(connectionId))
    },
    count: (userId) => run(userId, '', 0),
    async close() {
      clearInterval(timer)
      for (const [userId, ids] of mine)
        for (const id of ids) await redis.srem(userKey(userId), member(id)).catch(() => undefined)
      mine.clear()
      await redis.del(aliveKey).catch(() => undefined)
    },
  }
}
