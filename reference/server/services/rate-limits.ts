/**
 * @module Rate limiting: endpoint classes and the sliding-window check.
 *
 * Each class has a per-minute rate and a burst. They combine into ONE sliding-window log:
 * the window holds at most `burst` requests, and it is `burst / perMinute` minutes long. So a
 * client may spend the whole burst at once, and over any longer stretch it averages at most
 * `perMinute` requests a minute. Example, read: 100 requests in any 100-second window.
 * @see https://docs.blueround.com/api/rate-limiting/
 */
import type { Cache, WindowHit } from '../store/cache/cache.ts'

export type RateLimitClass = 'auth' | 'read' | 'write' | 'bulk' | 'search'

export interface RateLimitPolicy {
  perMinute: number
  burst: number
}

/** Seed 003's table. */
export const RATE_LIMIT_CLASSES: Record<RateLimitClass, RateLimitPolicy> = {
  auth: { perMinute: 5, burst: 10 },
  read: { perMinute: 60, burst: 100 },
  write: { perMinute: 30, burst: 50 },
  bulk: { perMinute: 10, burst: 20 },
  search: { perMinute: 30, burst: 50 },
}

/** The `bench` profile multiplies every limit so benchmarks measure the pipeline, not 429s. */
export const BENCH_MULTIPLIER = 10_000

/** Window length in ms: `burst / perMinute` minutes. */
export const windowMs = (policy: RateLimitPolicy): number =>
  Math.round((policy.burst / policy.perMinute) * 60_000)

export const policiesFor = (
  profile: 'standard' | 'bench',
): Record<RateLimitClass, RateLimitPolicy> => {
  if (profile === 'standard') return RATE_LIMIT_CLASSES
  const scaled = {} as Record<RateLimitClass, RateLimitPolicy>
  for (const [name, p] of Object.entries(RATE_LIMIT_CLASSES))
    scaled[name as RateLimitClass] = {
      perMinute: p.perMinute * BENCH_MULTIPLIER,
      burst: p.burst * BENCH_MULTIPLIER,
    }
  return scaled
}

const AUTH_PATH = /^\/(?:oauth(?:\/|$)|v\d+\/auth(?:\/|$))/
const BULK_SEGMENT = /(?:\/|:)bulk(?:\/|$)/
const SEARCH_SEGMENT = /(?:\/|:)search(?:\/|$)/

/**
 * Which class a request belongs to: `/oauth/*` and `/v{n}/auth/*` are auth; a `bulk` or `search`
 * path segment (or `:bulk`, `:search` custom method) picks those; otherwise GET, HEAD and OPTIONS
 * read and everything else writes.
 */
export const classify = (method: string, path: string): RateLimitClass => {
  if (AUTH_PATH.test(path)) return 'auth'
  if (BULK_SEGMENT.test(path)) return 'bulk'
  if (SEARCH_SEGMENT.test(path)) return 'search'
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write'
}

export interface RateLimitDecision extends WindowHit {
  limit: number
  remaining: number
  /** Epoch seconds when the oldest counted request leaves the window. */
  resetAt: number
  /** Whole seconds until a slot frees up (only meaningful when not allowed). */
  retryAfter: number
}

/** The decision for one window hit: the documented headers' values and the retry delay. */
export const decide = (policy: RateLimitPolicy, hit: WindowHit, now: number): RateLimitDecision => {
  const freesAt = hit.oldest + windowMs(policy)
  return {
    ...hit,
    limit: policy.burst,
    remaining: Math.max(0, policy.burst - hit.count),
    resetAt: Math.ceil(freesAt / 1000),
    retryAfter: Math.max(1, Math.ceil((freesAt - now) / 1000)),
  }
}

/**
 * One atomic sliding-window check for `identity` in `klass`: synchronous where the cache is in
 * this process (`Cache.hitWindowSync`), else a promise. Throws (or rejects with) `CacheError`
 * when the cache is unreachable.
 */
export const checkRateLimit = (
  cache: Cache,
  policy: RateLimitPolicy,
  key: string,
  now: number,
): RateLimitDecision | Promise<RateLimitDecision> => {
  const ms = windowMs(policy)
  if (cache.hitWindowSync !== undefined)
    return decide(policy, cache.hitWindowSync(key, now, ms, policy.burst), now)
  return cache.hitWindow(key, now, ms, policy.burst).then((hit) => decide(policy, hit, now))
}
