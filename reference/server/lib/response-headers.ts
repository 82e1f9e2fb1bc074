/**
 * @module Headers the pipeline puts on every response (security headers, `X-Request-ID`, the
 * rate-limit headers), set before the handler runs, the cheap way.
 *
 * Served by @hono/node-server, a header goes straight onto the Node response
 * (`c.env.outgoing.setHeader`). Node merges it with the headers of whatever `Response` the app
 * returns, errors included; on a name clash the `Response`'s own header wins, as a handler's
 * `c.header()` would. Anywhere else (`app.request()` in tests, other runtimes) it goes through
 * `c.header()` on the context's response, created early so that a `Response` the handler builds
 * itself inherits them too (Hono copies the old response's headers when `c.res` is replaced).
 *
 * Why by hand: Hono keeps headers in a WHATWG `Headers` object, and @hono/node-server then copies
 * it into a plain object for Node. Each `Headers.set` validates and each copy sorts; with a dozen
 * headers per response that was a third of the server's time on a cheap authenticated `GET`
 * (`npm run bench:server`). With no header of our own in `Headers`, Hono hands Node a plain object
 * and the response leaves on @hono/node-server's fast path. No middleware library offers that.
 */
import type { ServerResponse } from 'node:http'
import type { Context } from 'hono'

/** What @hono/node-server passes as `c.env`; absent under `app.request()`. */
interface NodeBindings {
  outgoing?: ServerResponse
}

const nodeResponse = (c: Context): ServerResponse | undefined => {
  const env = c.env as NodeBindings | undefined
  const outgoing = env?.outgoing
  // HTTP/2 responses (`Http2ServerResponse`) have `setHeader` too; anything else is not Node's.
  return outgoing !== undefined && typeof outgoing.setHeader === 'function' && !outgoing.headersSent
    ? outgoing
    : undefined
}

const viaContext = (c: Context, name: string, value: string): void => {
  void c.res // creates the response that a handler's own Response inherits headers from
  c.header(name, value)
}

/** Sets one response header; the `Response` the app returns may still override it. */
export const setResponseHeader = (c: Context, name: string, value: string): void => {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) viaContext(c, name, value)
  else outgoing.setHeader(name, value)
}

/** Sets several response headers at once, e.g. a precomputed constant set. */
export const setResponseHeaders = (
  c: Context,
  headers: ReadonlyArray<readonly [string, string]>,
): void => {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) for (const [name, value] of headers) viaContext(c, name, value)
  else for (const [name, value] of headers) outgoing.setHeader(name, value)
}
