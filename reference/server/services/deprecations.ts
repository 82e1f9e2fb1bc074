/**
 * @module Deprecation policy and the routes it currently covers.
 * Policy: a deprecation is announced 6 months before it takes effect, and the deprecated form is
 * maintained for 12 months after that (its Sunset). The v1 form then answers like a missing route.
 * @see https://docs.blueround.com/api/versioning-and-deprecation/
 */

export const SUPPORTED_VERSIONS = [1, 2] as const
export const DOCS_BASE_URL = 'https://docs.blueround.com'

export interface Deprecation {
  method: string
  /** Route template, as in metrics labels. */
  route: string
  announced: string
  /** When the route becomes deprecated: announced + 6 months. */
  deprecatedAt: string
  /** When it is removed: deprecatedAt + 12 months. */
  sunsetAt: string
  successor: string
  migrationGuide: string
}

export const DEPRECATIONS: readonly Deprecation[] = [
  {
    method: 'GET',
    route: '/v1/organizations/current',
    announced: '2026-11-01T00:00:00Z',
    deprecatedAt: '2027-05-01T00:00:00Z',
    sunsetAt: '2028-05-01T00:00:00Z',
    successor: '/v2/organizations/current',
    migrationGuide: `${DOCS_BASE_URL}/api/versioning-and-deprecation/#migrating-organizations-current-to-v2`,
  },
]

/** The three headers a deprecated route sends (RFC 9745 Deprecation, RFC 8594 Sunset). */
export const deprecationHeaders = (d: Deprecation): Record<string, string> => ({
  Deprecation: `@${Math.floor(Date.parse(d.deprecatedAt) / 1000)}`,
  Sunset: new Date(d.sunsetAt).toUTCString(),
  Link: `<${d.migrationGuide}>; rel="deprecation"; type="text/html", <${d.successor}>; rel="successor-version"`,
})
