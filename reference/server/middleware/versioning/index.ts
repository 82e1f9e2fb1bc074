/**
 * @module Version negotiation: `/v{n}/…` (or a rewritten Accept header) must name a supported
 * version, else 406 UNSUPPORTED_VERSION.
 * @see https://docs.blueround.com/api/versioning-and-deprecation/
 */
import type { MiddlewareHandler } from 'hono'
import { UnsupportedVersionError } from '../../errors/unsupported-version-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { flowStep } from '../../observability/flow.ts'
import type { Metrics } from '../../observability/metrics.ts'

export { acceptedVersion, versionedPath } from './get-path.ts'

const VERSION_PREFIX = /^\/v(\d+)(?:\/|$)/

export interface VersioningOptions {
  supported: readonly number[]
  metrics: Metrics
}

export const versioning = (options: VersioningOptions): MiddlewareHandler<AppEnv> => {
  if (options.supported.length === 0) throw new Error('versioning: no supported versions given')
  const supported = new Set(options.supported)
  const list = options.supported.map((v) => `v${v}`).join(', ')
  return async function versioning(c, next) {
    const match = VERSION_PREFIX.exec(c.req.path)
    if (match === null) {
      c.set('apiVersion', 1)
      return next()
    }
    const version = Number(match[1])
    const viaAccept = !new URL(c.req.url).pathname.startsWith(`/v${version}`)
    if (viaAccept) c.header('Vary', 'Accept')
    flowStep('api/versioning-and-deprecation', viaAccept ? 'version_from_accept' : 'version_from_url')
    if (!supported.has(version)) {
      flowStep('api/versioning-and-deprecation', 'version_unsupported')
      options.metrics.unsupportedVersionTotal.inc()
      throw new UnsupportedVersionError(
        `API version v${version} is not supported. Supported versions: ${list}`,
      )
    }
    c.set('apiVersion', version)
    await next()
  }
}
