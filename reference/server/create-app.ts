/**
 * @module The one app factory. It wires the request pipeline in the documented order:
 * 1 metrics timer, 2 request ID, (timeout, version negotiation), 3 rate limit, 4 authentication,
 * 5 tenant context, (fault injection), then per route 6 permission, 7 validation, 8 handler and
 * 9 response envelope.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from './lib/app-env.ts'
import { validationHook } from './lib/create-router.ts'
import { authenticate } from './middleware/authenticate/index.ts'
import { errorHandler, notFound } from './middleware/error-handler/index.ts'
import { faultInjection } from './middleware/fault-injection/index.ts'
import { metricsTimer } from './middleware/metrics-timer/index.ts'
import { rateLimit } from './middleware/rate-limit/index.ts'
import { requestId } from './middleware/request-id/index.ts'
import { requestTimeout } from './middleware/request-timeout/index.ts'
import { tenancy } from './middleware/tenancy/index.ts'
import { versionedPath, versioning } from './middleware/versioning/index.ts'
import { createApiKeysRouter } from './routes/api-keys/api-keys.index.ts'
import { createDevRouter } from './routes/dev/dev.index.ts'
import { createHealthRouter } from './routes/health/health.index.ts'
import { createMeRouter } from './routes/me/me.index.ts'
import { createMetricsRouter } from './routes/metrics/metrics.index.ts'
import { registerOpenApi } from './routes/openapi.ts'
import { createOrganizationsRouter } from './routes/organizations/organizations.index.ts'
import { SUPPORTED_VERSIONS } from './services/deprecations.ts'
import { createServices } from './services/index.ts'
import { tracer } from './observability/flow.ts'

export type { AppDeps, AppEnv } from './lib/app-env.ts'

/** The routes of one API version. v2 differs from v1 only in `/organizations/current`. */
const createVersionRouter = (version: 1 | 2) =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/', createMeRouter())
    .route('/', createOrganizationsRouter(version))
    .route('/', createApiKeysRouter())

/**
 * Builds the app. Nothing here listens or opens files: `main.ts` does that.
 * @example
 * const app = createApp({ config, clock: systemClock, store, cache, logger })
 * const res = await app.request('/v1/me', { headers: { authorization: `Bearer ${key}` } })
 */
export const createApp = (deps: AppDeps) => {
  const { config, clock, store, cache, logger } = deps
  const services = createServices(deps)
  const app = new OpenAPIHono<AppEnv>({ getPath: versionedPath, defaultHook: validationHook })
  app.onError(errorHandler())
  app.notFound(notFound())

  app.use('*', function provideServices(c, next) {
    c.set('services', services)
    // One span per request: its flow steps form one run for the conformance check.
    return tracer.startActiveSpan(`${c.req.method} request`, async (span) => {
      try {
        await next()
      } finally {
        span.end()
      }
    })
  })
  app.use('*', metricsTimer(services.metrics)) // 1
  app.use('*', requestId({ logger })) // 2
  app.use('*', requestTimeout(config.apiTimeoutMs))
  app.use('*', versioning({ supported: SUPPORTED_VERSIONS, metrics: services.metrics }))
  const limiter = rateLimit({
    cache,
    clock,
    policies: services.rateLimits,
    metrics: services.metrics,
    trustProxy: config.trustProxy,
  })
  // The auth issue mounts the OAuth token server under /oauth; it is rate limited (auth class)
  // but not behind API-key authentication.
  app.use('/oauth/*', limiter)
  for (const prefix of SUPPORTED_VERSIONS.map((v) => `/v${v}/*`)) {
    app.use(prefix, limiter) // 3
    app.use(prefix, authenticate(services.verifiers)) // 4
    app.use(prefix, tenancy(store)) // 5
    app.use(
      prefix,
      faultInjection({ enabled: config.faultInjection, cache, metrics: services.metrics }),
    )
  }
  // 6 permission, 7 validation, 8 handler and 9 envelope are per route: see routes/*/*.routes.ts.

  app.route('/', createHealthRouter())
  app.route('/', createMetricsRouter())
  app.route('/v1', createVersionRouter(1))
  app.route('/v2', createVersionRouter(2))
  if (config.faultInjection) app.route('/dev', createDevRouter())
  registerOpenApi(app, config)
  return app
}

export type App = ReturnType<typeof createApp>
