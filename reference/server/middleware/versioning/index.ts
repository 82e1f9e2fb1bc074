/**
 * @module Version negotiation: `/v{n}/…` (or a rewritten Accept header) must name a supported
 * version, else 406 UNSUPPORTED_VERSION.
 * @see https://docs.blueround.com/api/versioning-and-deprecation/
 */
import type { MiddlewareHandler } from 'hono'
import { UnsupportedVersionError } from '../../errors/unsupported-version-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { flowRecording, flowStep } from '../../observability/flow.ts'
import type { Metrics } from '../../observability/metrics.ts'
import { pipelineStep } from '../../observability/pipeline.ts'

import { acceptedVersion } from './get-path.ts'

export { acceptedVersion, versionedPath } from './get-path.ts'

const FLOW = 'api/versioning-and-deprecation'

const VERSION_PREFIX = /^\/v(\d+)(?:\/|$)/

export interface VersioningOptions {
  supported: readonly number[]
  metrics: Metrics
}

export const versioning = (options: VersioningOptions): MiddlewareHandler<AppEnv> => {
  if (options.supported.length === 0) throw new Error('versioning: no supported versions given')
  const supported = new Set(options.supported)
  const list = options.supported.map((v) => `v${v}`).join(', ')
  // Not `async`: without flow recording nothing runs after `next()`, so its promise is handed on.
  return function versioning(c, next) {
    const match = VERSION_PREFIX.exec(c.req.path)
    if (match === null) {
      c.set('apiVersion', 1)
      return next()
    }
    const version = Number(match[1])
    // get-path.ts added the prefix when the URL itself has none: the version came from Accept.
    const url = c.req.url
    const viaAccept = !url.startsWith(`/v${version}`, url.indexOf('/', url.indexOf('//') + 2))
    if (viaAccept) {
      c.header('Vary', 'Accept')
      const fromHeader = acceptedVersion(c.req.header('accept') ?? null) !== undefined
      flowStep(FLOW, 'REQUEST', 'URL_VERSION', 'ACCEPT', fromHeader ? 'FROM_ACCEPT' : 'DEFAULT')
    } else {
      flowStep(FLOW, 'REQUEST', 'URL_VERSION')
    }
    flowStep(FLOW, 'SUPPORTED')
    pipelineStep(c, 'VERSION')
    if (!supported.has(version)) {
      flowStep(FLOW, 'E406')
      options.metrics.unsupportedVersionTotal.inc()
      throw new UnsupportedVersionError(
        `API version v${version} is not supported. Supported versions: ${list}`,
      )
    }
    c.set('apiVersion', version)
    if (!flowRecording()) return next()
    return next().then(() => {
      if (c.get('deprecated')) flowStep(FLOW, 'DEPRECATED', 'HEADERS', 'HANDLE')
      else flowStep(FLOW, 'DEPRECATED', 'HANDLE')
    })
  }
}
