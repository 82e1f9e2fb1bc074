/**
 * @module Brute-force protection for password logins (RFC 9700 §4.x, OWASP "account lockout"):
 * failed password grants are counted per account (the normalised email, hashed) and per client
 * IP in sliding windows with the auth class limits (10 in 2 minutes with the standard profile).
 * While either window is full, every password login for that account or from that IP answers
 * 429 RATE_LIMITED with `Retry-After`, before the password is even checked, so a guesser learns
 * nothing more. The lock lifts on its own as old failures leave the window; refresh tokens, API
 * keys and access tokens are not affected, so a locked-out account's live sessions keep working.
 * @see https://docs.blueround.com/reference-server/security/#brute-force-protection
 */
import { RateLimitedError } from '../errors/rate-limited-error.ts'
import type { Clock } from '../lib/clock.ts'
import type { Cache } from '../store/cache/cache.ts'
import { sha256 } from './api-keys.ts'
import { windowMs, type RateLimitPolicy } from './rate-limits.ts'

export interface LoginAttempt {
  /** The email (or username) as sent; normalised here. */
  account: string
  /** The client IP, or `undefined` when unknown. */
  ip: string | undefined
}

export const createLoginThrottle = (options: {
  cache: Cache
  clock: Clock
  policy: RateLimitPolicy
}) => {
  const { cache, clock, policy } = options
  const ms = windowMs(policy)
  const keysOf = (attempt: LoginAttempt) => [
    `login-failures:account:${sha256(attempt.account.trim().toLowerCase())}`,
    ...(attempt.ip === undefined ? [] : [`login-failures:ip:${attempt.ip}`]),
  ]

  return {
    /** Throws 429 RATE_LIMITED while the account or the IP has `burst` recent failures. */
    async check(attempt: LoginAttempt): Promise<void> {
      const now = clock.now()
      for (const key of keysOf(attempt)) {
        // A limit of 0 records nothing: it only counts the failures still in the window.
        const window = await cache.hitWindow(key, now, ms, 0)
        if (window.count < policy.burst) continue
        const retryAfter = Math.max(1, Math.ceil((window.oldest + ms - now) / 1000))
        throw new RateLimitedError(`Too many failed logins; retry in ${retryAfter} s`, {
          headers: { 'Retry-After': String(retryAfter) },
        })
      }
    },

    /** Counts one failed login against the account and the IP. */
    async fail(attempt: LoginAttempt): Promise<void> {
      const now = clock.now()
      for (const key of keysOf(attempt)) await cache.hitWindow(key, now, ms, policy.burst)
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
