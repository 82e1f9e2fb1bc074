/**
 * @module Deprecation headers for a route that has a newer version: `Deprecation`, `Sunset` and
 * `Link: <migration guide>; rel="deprecation"`.
 * @see https://docs.blueround.com/api/versioning-and-deprecation/
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import { deprecationHeaders, type Deprecation } from '../../services/deprecations.ts'

export const deprecation = (entry: Deprecation): MiddlewareHandler<AppEnv> => {
  const headers = Object.entries(deprecationHeaders(entry))
  return async function deprecation(c, next) {
    c.set('deprecated', true)
    c.get('services').metrics.deprecatedRequestsTotal.inc({ route: entry.route })
    for (const [name, value] of headers) c.header(name, value)
    await next()
  }
}
