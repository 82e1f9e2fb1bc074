/**
 * @module API request timeout: a request still running after `timeoutMs` is answered with
 * 504 TIMEOUT (default 30 s, `BLUEROUND_API_TIMEOUT_MS`).
 * @see https://docs.blueround.com/api/about/#timeouts
 */
import type { MiddlewareHandler } from 'hono'
import { TimeoutError } from '../../errors/timeout-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { withTimeout } from '../../lib/sleep.ts'

export const requestTimeout = (timeoutMs: number): MiddlewareHandler<AppEnv> => {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new Error(`requestTimeout: timeoutMs must be a positive number, got ${timeoutMs}`)
  const message = `The request did not complete within ${timeoutMs} ms`
  return function requestTimeout(_c, next) {
    return withTimeout(next(), timeoutMs, () => new TimeoutError(message))
  }
}
