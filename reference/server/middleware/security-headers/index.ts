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
 * The values never vary per request (no CSP nonce), so they are a constant: exactly what
 * `hono/secure-headers` adds for {@link SECURITY_HEADER_OPTIONS}, which `index.test.ts` checks
 * against the library on every run. Running the library's middleware for a probe request at boot
 * instead cost ~10 ms of start-up (it builds a WHATWG Request and Response). Each request sets the
 * list before its handler runs (`lib/response-headers.ts`).
 * @see https://docs.blueround.com/reference-server/security/#headers
 * @see https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
 */
import type { MiddlewareHandler } from 'hono'
import type { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from '../../lib/app-env.ts'
import { setResponseHeaders } from '../../lib/response-headers.ts'
import { pipelineStep } from '../../observability/pipeline.ts'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

/** The `hono/secure-headers` options the API's headers follow. */
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

/** What `hono/secure-headers` adds for {@link SECURITY_HEADER_OPTIONS} (checked by the test). */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
]

export const securityHeaders = (): MiddlewareHandler<AppEnv> =>
  function securityHeaders(c, next) {
    pipelineStep(c, 'SECURITY_HEADERS')
    setResponseHeaders(c, SECURITY_HEADERS)
    return next()
  }
