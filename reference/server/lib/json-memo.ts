/**
 * @module Parsed JSON kept per cache key while the cached string is unchanged. The hot path reads
 * the same few cache entries (credentials, permissions) on every request; comparing the string
 * is far cheaper than parsing it again. Callers must treat the parsed values as read-only.
 */

/**
 * @param max - entries kept; the memo starts over when it is full (a bound, not an LRU: the
 *   working set of a reference server is small)
 * @param derive - turns the parsed JSON into the value kept (e.g. a filtered, frozen list)
 * @example
 * const memo = createJsonMemo<Permissions>()
 * const permissions = memo(`permissions:${userId}`, raw)
 */
export const createJsonMemo = <T>(
  max = 10_000,
  derive: (parsed: unknown) => T = (parsed) => parsed as T,
) => {
  const parsed = new Map<string, { raw: string; value: T }>()
  return (key: string, raw: string): T => {
    const hit = parsed.get(key)
    if (hit?.raw === raw) return hit.value
    const value = derive(JSON.parse(raw))
    if (parsed.size >= max) parsed.clear()
    parsed.set(key, { raw, value })
    return value
  }
}
