/**
 * @module Fault injection (dev and test mode only): `X-Fault-Status`, `X-Fault-Retry-After`,
 * `X-Fault-Delay-Ms`, `X-Fault-Session` + `X-Fault-Sequence`. In production the headers are
 * ignored and a warning is logged.
 * @see https://docs.blueround.com/api/fault-injection/
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import { requestHeader } from '../../lib/request-headers.ts'
import { sleep } from '../../lib/sleep.ts'
import type { Metrics } from '../../observability/metrics.ts'
import { faultError, parseFaultHeaders, resolveFaultStatus } from '../../services/faults.ts'
import type { Cache } from '../../store/cache/cache.ts'

export interface FaultInjectionOptions {
  enabled: boolean
  cache: Cache
  metrics: Metrics
}

export const faultInjection = (options: FaultInjectionOptions): MiddlewareHandler<AppEnv> => {
  const { enabled, cache, metrics } = options
  const inject = async (c: Context<AppEnv>, next: Next) => {
    if (!enabled) {
      c.get('log').warn(
        'fault injection headers ignored: fault injection is disabled in production',
      )
      return next()
    }
    const fault = parseFaultHeaders((name) => c.req.header(name))
    if (fault === undefined) return next()
    if (fault.delayMs !== undefined) {
      metrics.faultsInjectedTotal.inc({ kind: 'delay' })
      await sleep(fault.delayMs)
    }
    const status = await resolveFaultStatus(cache, fault)
    if (status === undefined || status < 400) return next()
    metrics.faultsInjectedTotal.inc({ kind: 'status' })
    c.get('log').info({ status }, 'fault injected')
    throw faultError(status, fault.retryAfter)
  }
  return function faultInjection(c, next) {
    if (
      requestHeader(c, 'x-fault-status') === undefined &&
      requestHeader(c, 'x-fault-session') === undefined &&
      requestHeader(c, 'x-fault-delay-ms') === undefined
    )
      return next()
    return inject(c, next)
  }
}
