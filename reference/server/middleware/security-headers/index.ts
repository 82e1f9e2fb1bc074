/**
 * @module Security headers on every response, errors included, from `hono/secure-headers`. The
 * API serves JSON only, so the Content-Security-Policy forbids everything (`default-src 'none'`)
 * and no page may frame a response; HSTS, `nosniff`, `no-referrer` and the cross-origin
 * isolation headers use Hono's defaults.
 * @see https://docs.blueround.com/reference-server/security/#headers
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from '../../lib/app-env.ts'

export const securityHeaders = (): MiddlewareHandler<AppEnv> => {
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    // The docs site reads responses cross-origin through CORS; CORP would not stop that, but
    // `same-site` would block `<img>`-style embedding of API URLs by other sites.
    crossOriginResourcePolicy: 'same-site',
  })
  return async function securityHeaders(c, next) {
    await headers(c, next)
  }
}
