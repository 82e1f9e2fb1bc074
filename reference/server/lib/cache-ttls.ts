/**
 * @module Seed 003's caching TTLs, in one place. Every cache entry the server writes takes its TTL
 * from here, and every write to the underlying data deletes the entry (so a TTL only bounds how
 * long a missed invalidation can last).
 * @see https://docs.blueround.com/reference-server/caching/
 */

const MINUTE = 60_000

export const CACHE_TTL_MS = {
  /** Frequently read data: device latest values, aggregates, group status. 5 minutes. */
  data: 5 * MINUTE,
  /**
   * A user's role scopes (`permissions:{userId}`) and verified API key credentials
   * (`credential:{tokenHash}`). 10 minutes.
   */
  permissions: 10 * MINUTE,
  /** The product catalog. 1 hour. */
  catalog: 60 * MINUTE,
  /** Organization settings. 1 day. */
  organizationSettings: 24 * 60 * MINUTE,
} as const

export type CacheClass = keyof typeof CACHE_TTL_MS
