/**
 * @module CORS for browsers: the docs site (https://docs.blueround.com, whose "Try it" snippets
 * call the API) and local development origins, from `BLUEROUND_CORS_ORIGINS`. An entry ending in
 * `:*` allows any port of that host. Credentials are bearer tokens, never cookies, so
 * `Access-Control-Allow-Credentials` is not sent. Pipeline step 4: a preflight (any OPTIONS
 * with `Origin`) is answered 204 here, before the body cap, rate limiting and authentication.
 * Other origins get no Access-Control-Allow-Origin, so browsers refuse to read the response.
 * Requests without `Origin` (servers, curl) skip the middleware.
 * @see https://docs.blueround.com/reference-server/security/#cors
 */
import type { MiddlewareHandler } from 'hono'
import { cors as honoCors } from 'hono/cors'
import type { AppEnv } from '../../lib/app-env.ts'
import { requestHeader } from '../../lib/request-headers.ts'
import { pipelineStep } from '../../observability/pipeline.ts'

/** Headers a browser client may read. */
export const EXPOSED_HEADERS = [
  'X-Request-ID',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
  'Deprecation',
  'Sunset',
  'Link',
  'WWW-Authenticate',
]

/** A matcher for one configured origin: exact, or `scheme://host:*` for any port. */
const originMatcher = (entry: string): ((origin: string) => boolean) => {
  if (!entry.endsWith(':*')) {
    const exact = new URL(entry).origin
    return (origin) => origin === exact
  }
  const prefix = entry.slice(0, -1) // `http://localhost:`
  return (origin) => origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length))
}

export const cors = (origins: readonly string[]): MiddlewareHandler<AppEnv> => {
  if (origins.length === 0) throw new Error('cors: configure at least one origin')
  const matchers = origins.map(originMatcher)
  const handler = honoCors({
    origin: (origin) => (matchers.some((m) => m(origin)) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-ID', 'Accept'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  })
  return function cors(c, next) {
    // Only browsers send Origin. Without it there is nothing to allow, and the response stays
    // free of CORS headers (and of `Vary: Origin`); a shared cache could then only ever serve
    // a browser a response without Access-Control-Allow-Origin, which fails safe.
    if (requestHeader(c, 'origin') === undefined) {
      pipelineStep(c, 'CORS')
      return next()
    }
    // Hono answers every OPTIONS with an Origin as a preflight: 204, whatever the origin (a
    // disallowed one just gets no Access-Control-Allow-Origin).
    if (c.req.method === 'OPTIONS') pipelineStep(c, 'CORS', 'PREFLIGHT')
    else pipelineStep(c, 'CORS')
    return handler(c, next)
  }
}
