/**
 * @module Rate-limit classes, as the API documents them: `/oauth/*` is auth, a `bulk` or `search`
 * path segment picks those, otherwise GET, HEAD and OPTIONS are read and the rest write.
 * @see https://docs.blueround.com/sdk/rate-limits/
 */

export type RateLimitClass = 'auth' | 'read' | 'write' | 'bulk' | 'search'

const AUTH_PATH = /^\/(?:oauth(?:\/|$)|v\d+\/auth(?:\/|$))/
const BULK_SEGMENT = /(?:\/|:)bulk(?:\/|$)/
const SEARCH_SEGMENT = /(?:\/|:)search(?:\/|$)/

/** The class the API counts a request in. `path` is the path after the base URL. */
export const classify = (method: string, path: string): RateLimitClass => {
  const bare = path.split('?')[0] ?? path
  if (AUTH_PATH.test(bare)) return 'auth'
  if (BULK_SEGMENT.test(bare)) return 'bulk'
  if (SEARCH_SEGMENT.test(bare)) return 'search'
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write'
}
