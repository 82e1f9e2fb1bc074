/** @module The client's IP address, for rate-limit keys of unauthenticated requests. */
import type { Context } from 'hono'
import type { AppEnv } from './app-env.ts'

/**
 * The socket's remote address; with `trustProxy`, the first `X-Forwarded-For` entry instead.
 * Requests made with `app.request()` (no socket) share the key `unknown`.
 */
export const clientIp = (c: Context<AppEnv>, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  return c.env?.incoming?.socket.remoteAddress ?? 'unknown'
}
