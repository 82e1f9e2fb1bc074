/**
 * @module Security headers on every response, errors included, from `hono/secure-headers`.
 *
 * The API serves JSON only, to clients that are often not browsers, so it sends the set the OWASP
 * REST Security Cheat Sheet names for API responses: a Content-Security-Policy that forbids
 * everything (`default-src 'none'; frame-ancestors 'none'`), `X-Frame-Options: DENY`,
 * `X-Content-Type-Options: nosniff` and `Strict-Transport-Security` (`Content-Type` is always
 * set; token responses add `Cache-Control: no-store`). The headers that only protect HTML
 * documents (cross-origin isolation, `Origin-Agent-Cluster`, `Referrer-Policy`,
 * `X-DNS-Prefetch-Control`, `X-Download-Options`, `X-Permitted-Cross-Domain-Policies`,
 * `X-XSS-Protection`) are switched off: they cost every response bytes and time and protect
 * nothing here.
 *
 * The values never vary per request (no CSP nonce), so `hono/secure-headers` computes them once,
 * on a probe app at start-up, and each request sets the list before its handler runs
 * (`lib/response-headers.ts`).
 * @see https://docs.blueround.com/reference-server/security/#headers
 * @see https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
 */
import type { MiddlewareHandler } from 'hono'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from '../../lib/app-env.ts'
import { setResponseHeaders } from '../../lib/response-headers.ts'
import { pipelineStep } from '../../observability/pipeline.ts'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

export const SECURITY_HEADER_OPTIONS: SecureHeadersOptions = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  xContentTypeOptions: true,
  strictTransportSecurity: true,
  // For HTML documents only (see above).
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
}

/** The headers `hono/secure-headers` adds to a response, read off a probe app. */
export const securityHeaderList = async (
  options: SecureHeadersOptions = SECURITY_HEADER_OPTIONS,
): Promise<Array<[string, string]>> => {
  const probe = new Hono().use(secureHeaders(options)).get('*', (c) => c.body(null, 204))
  const response = await probe.request('/')
  return [...response.headers].filter(([name]) => name !== 'content-type')
}

export const securityHeaders = (): MiddlewareHandler<AppEnv> => {
  let headers: Array<[string, string]> | undefined
  const ready = securityHeaderList().then((list) => {
    headers = list
  })
  // Not `async`: a middleware that only hands on `next()`'s promise costs no extra ticks.
  return function securityHeaders(c, next) {
    pipelineStep(c, 'SECURITY_HEADERS')
    if (headers === undefined)
      return ready.then(() => {
        setResponseHeaders(c, headers ?? [])
        return next()
      })
    setResponseHeaders(c, headers)
    return next()
  }
}
