/**
 * @module Pipeline step 6: rate limiting with a sliding-window log per (class, identity).
 * The identity is the credential (a hash of the bearer token) or, without one, the client IP.
 * Every response carries X-RateLimit-Limit / -Remaining / -Reset; a full window answers
 * 429 RATE_LIMITED with Retry-After. If the cache is unreachable the request is admitted
 * (fail open) and counted in `blueround_rate_limit_fail_open_total`.
 * @see https://docs.blueround.com/api/rate-limiting/
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import { CacheError } from '../../errors/cache-error.ts'
import { RateLimitedError } from '../../errors/rate-limited-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { readBearer } from '../../lib/bearer.ts'
import { clientIp } from '../../lib/client-ip.ts'
import { setResponseHeader } from '../../lib/response-headers.ts'
import type { Clock } from '../../lib/clock.ts'
import { flowStep } from '../../observability/flow.ts'
import type { Metrics } from '../../observability/metrics.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import {
  checkRateLimit,
  classify,
  type RateLimitClass,
  type RateLimitDecision,
  type RateLimitPolicy,
} from '../../services/rate-limits.ts'
import type { Cache } from '../../store/cache/cache.ts'

const FLOW = 'api/rate-limiting'

export interface RateLimitOptions {
  cache: Cache
  clock: Clock
  policies: Record<RateLimitClass, RateLimitPolicy>
  metrics: Metrics
  trustProxy: boolean
}

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler<AppEnv> => {
  const { cache, clock, policies, metrics, trustProxy } = options
  /** Sets the headers, then rejects over the burst or hands on. */
  const admit = (
    c: Context<AppEnv>,
    next: Next,
    klass: RateLimitClass,
    decision: RateLimitDecision,
  ) => {
    setResponseHeader(c, 'X-RateLimit-Limit', String(decision.limit))
    setResponseHeader(c, 'X-RateLimit-Remaining', String(decision.remaining))
    setResponseHeader(c, 'X-RateLimit-Reset', String(decision.resetAt))
    if (!decision.allowed) {
      flowStep(FLOW, 'Count at the burst')
      metrics.rateLimitRejectionsTotal.inc({ class: klass })
      throw new RateLimitedError(
        `Rate limit exceeded for ${klass} requests; retry in ${decision.retryAfter} s`,
        { headers: { 'Retry-After': String(decision.retryAfter) } },
      )
    }
    flowStep(FLOW, 'Count below the burst')
    return next()
  }
  /** An unreachable cache admits the request (fail open); anything else is an error. */
  const failOpen = (c: Context<AppEnv>, next: Next, error: unknown) => {
    if (!(error instanceof CacheError)) throw error
    flowStep(FLOW, 'Cache unreachable')
    metrics.rateLimitFailOpenTotal.inc()
    c.get('log').warn({ err: error }, 'rate limit cache unreachable; admitting request')
    return next()
  }
  // Not `async`: with the in-process cache the check is synchronous and awaits nothing.
  return function rateLimit(c, next) {
    const klass = classify(c.req.method, c.req.path)
    const bearer = readBearer(c)
    // The auth class is always keyed by address: its endpoints take no bearer credential, and a
    // key per (forged) bearer header would give every guess a fresh budget.
    const byCredential = bearer !== null && klass !== 'auth'
    const identity = byCredential
      ? `cred:${bearer.tokenHash.slice(0, 32)}`
      : `ip:${clientIp(c, trustProxy)}`
    flowStep(
      FLOW,
      byCredential ? 'Bearer credential, not the auth class' : 'Auth class or no credential',
    )
    pipelineStep(c, 'RATE_LIMIT')
    let decision: RateLimitDecision | Promise<RateLimitDecision>
    try {
      decision = checkRateLimit(cache, policies[klass], `rl:${klass}:${identity}`, clock.now())
    } catch (error) {
      return failOpen(c, next, error)
    }
    if (!(decision instanceof Promise)) return admit(c, next, klass, decision)
    return decision.then(
      (settled) => admit(c, next, klass, settled),
      (error: unknown) => failOpen(c, next, error),
    )
  }
}
