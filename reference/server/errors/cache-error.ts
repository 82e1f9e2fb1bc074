/** @module Cache failures; callers decide whether to fail open (rate limits) or report (health). */

/** Thrown by a cache adapter when the cache cannot be reached. */
export class CacheError extends Error {
  override name = 'CacheError'
}
