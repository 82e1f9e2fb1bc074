/** @module Redis clients for the scale-out mode (`ioredis`). */
import { Redis } from 'ioredis'

/** Opens a Redis client that fails fast instead of queueing commands while disconnected. */
export const openRedis = async (url: string, name: string): Promise<Redis> => {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
  })
  // Errors surface on the commands that hit them; the client keeps reconnecting.
  let lastError: unknown
  redis.on('error', (error: unknown) => {
    lastError = error
  })
  await redis.connect().catch((error: unknown) => {
    redis.disconnect() // no reconnect attempts in the background after a failed start
    // The socket's own error (e.g. ECONNREFUSED) says more than "Connection is closed".
    throw lastError ?? error
  })
  return redis
}

/** Deletes every key under a prefix (SCAN, never KEYS). */
export const deleteKeys = async (redis: Redis, prefix: string) => {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    cursor = next
    if (keys.length > 0) await redis.del(...keys)
  } while (cursor !== '0')
}
