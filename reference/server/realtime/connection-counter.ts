/**
 * @module Open WebSocket connections per user, counted atomically so that concurrent connects can
 * never exceed the limit (seed 002's connection limiting: SADD then SCARD). In memory by default;
 * the scale-out mode keeps the sets in Redis so the limit holds across nodes.
 */

export interface ConnectionCounter {
  /**
   * Adds `connectionId` to the user's set when the set has fewer than `limit` members.
   * @returns whether the connection was admitted
   */
  acquire(userId: string, connectionId: string, limit: number): Promise<boolean>
  /** Removes the connection at once, freeing its slot. Unknown ids are ignored. */
  release(userId: string, connectionId: string): Promise<void>
  /** Open connections of one user. */
  count(userId: string): Promise<number>
}

/** The embedded counter: one process, so a Map of Sets is atomic enough. */
export const createMemoryConnectionCounter = (): ConnectionCounter => {
  const sets = new Map<string, Set<string>>()
  return {
    acquire(userId, connectionId, limit) {
      let set = sets.get(userId)
      if (set === undefined) {
        set = new Set()
        sets.set(userId, set)
      }
      if (set.has(connectionId)) return Promise.resolve(true)
      if (set.size >= limit) return Promise.resolve(false)
      set.add(connectionId)
      return Promise.resolve(true)
    },
    release(userId, connectionId) {
      const set = sets.get(userId)
      set?.delete(connectionId)
      if (set?.size === 0) sets.delete(userId)
      return Promise.resolve()
    },
    count: (userId) => Promise.resolve(sets.get(userId)?.size ?? 0),
  }
}
