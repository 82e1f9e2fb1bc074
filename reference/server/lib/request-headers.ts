/**
 * @module Request headers read on every request (`X-Request-ID`, `Origin`, the fault and debug
 * headers), the cheap way.
 *
 * Served by @hono/node-server, the value comes straight from Node's parsed `incoming.headers`, a
 * plain object. `c.req.header()` gives the same value, but goes through @hono/node-server's
 * WHATWG `Headers` stand-in, which validates and lower-cases the name and scans the value on
 * every call; with half a dozen reads per request that showed in `npm run bench:server`.
 * Anywhere else (`app.request()` in tests, other runtimes, HTTP/2) it is `c.req.header()`.
 *
 * A repeated header reads as the Fetch API reads it: Node joins most repeats with ", " as the
 * Fetch API does, and the names Node would not join (it keeps the first `Authorization`, say) go
 * through `c.req.header()`, which joins them all.
 */
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'

/** What @hono/node-server passes as `c.env`; absent under `app.request()`. */
interface NodeBindings {
  incoming?: IncomingMessage
}

/** Node's list of headers of which it keeps only the first (`IncomingMessage#headers`). */
const NOT_JOINED_BY_NODE = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'cookie',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'set-cookie',
  'user-agent',
])

/**
 * One request header, as `c.req.header(name)` would read it.
 * @param name - lower-case, e.g. `x-request-id`
 */
export const requestHeader = (c: Context, name: string): string | undefined => {
  const incoming = (c.env as NodeBindings | undefined)?.incoming
  if (incoming?.httpVersionMajor !== 1 || NOT_JOINED_BY_NODE.has(name)) return c.req.header(name)
  const value = incoming.headers[name]
  return typeof value === 'string' ? trimJoined(value) : undefined
}

const isHttpWhitespace = (code: number): boolean =>
  code === 9 || code === 10 || code === 13 || code === 32

/**
 * Node trims each value but joins an empty last one as `"a, "`; @hono/node-server trims the
 * joined string, so `c.req.header()` reads `"a,"`. Done the same way, so the two always agree.
 */
const trimJoined = (value: string): string => {
  let end = value.length
  while (end > 0 && isHttpWhitespace(value.charCodeAt(end - 1))) end -= 1
  return end === value.length ? value : value.slice(0, end)
}
