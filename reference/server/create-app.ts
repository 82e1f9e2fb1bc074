/**
 * @module The one app factory. It wires the request pipeline in the documented order:
 * 1 metrics timer, 2 request ID, 3 security headers, 4 CORS preflight, (timeout), 5 body cap,
 * (version negotiation), 6 rate limit, 7 authentication, 8 tenant context, (fault injection), then
 * per route 9 permission, 10 validation, 11 handler and 12 response envelope.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from './lib/app-env.ts'
import { validationHook } from './lib/create-router.ts'
import { authenticate } from './middleware/authenticate/index.ts'
import { bodyLimit } from './middleware/body-limit/index.ts'
import { cors } from './middleware/cors/index.ts'
import { securityHeaders } from './middleware/security-headers/index.ts'
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
import { createDevNotificationsRouter } from './routes/dev-notifications/dev-notifications.index.ts'
import { createInventoryRouter } from './routes/inventory/inventory.index.ts'
import { createOrdersRouter } from './routes/orders/orders.index.ts'
import { catalogFlows } from './routes/products/products.flows.ts'
import { createProductsRouter } from './routes/products/products.index.ts'
import { createShipmentsRouter } from './routes/shipments/shipments.index.ts'
import { createSupplierSimulatorRouter } from './routes/supplier-simulator/supplier-simulator.index.ts'
import { createSuppliersRouter } from './routes/suppliers/suppliers.index.ts'
import { createSupplyChain, type SupplyChain } from './services/supply-chain/index.ts'
import { createAuthRouter } from './routes/auth/auth.index.ts'
import { createDevMailRouter } from './routes/dev-mail/dev-mail.index.ts'
import { createMfaRouter } from './routes/mfa/mfa.index.ts'
import { createOAuthRouter } from './routes/oauth/oauth.index.ts'
import { createInvitationsRouter, createUsersRouter } from './routes/users/users.index.ts'
import type { MiddlewareHandler } from 'hono'
import { SUPPORTED_VERSIONS } from './services/deprecations.ts'
import { createServices } from './services/index.ts'
import { createMemoryConnectionCounter } from './realtime/connection-counter.ts'
import { BENCH_MULTIPLIER } from './services/rate-limits.ts'
import type { ChannelSource } from './realtime/channel-source.ts'
import { createRealtimeHub } from './realtime/hub.ts'
import { createShipmentsSource } from './realtime/shipments-source.ts'
import { createBroadcastRouter } from './routes/broadcast/broadcast.index.ts'
import { createAnalytics, type Analytics } from './services/analytics.ts'
import { createAnalyticsRouter } from './routes/analytics/analytics.index.ts'
import { createDeviceGroupsRouter } from './routes/device-groups/device-groups.index.ts'
import { createDevicesRouter } from './routes/devices/devices.index.ts'
import { createReportsRouter } from './routes/reports/reports.index.ts'
import { flowRecording, tracer } from './observability/flow.ts'
import { chain } from './lib/middleware-chain.ts'

export type { AppDeps, AppEnv } from './lib/app-env.ts'

/** The routes of one API version. v2 differs from v1 only in `/organizations/current`. */
const createVersionRouter = (version: 1 | 2, supplyChain: SupplyChain, analytics: Analytics) =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/', createMeRouter())
    .route('/', createOrganizationsRouter(version))
    .route('/', createApiKeysRouter())
    .route('/', createUsersRouter())
    .route('/', createMfaRouter())
    .route('/', createAuthRouter())
    .route('/', createInvitationsRouter())
    .route('/', createProductsRouter(supplyChain))
    .route('/', createInventoryRouter(supplyChain))
    .route('/', createSuppliersRouter(supplyChain))
    .route('/', createOrdersRouter(supplyChain))
    .route('/', createShipmentsRouter(supplyChain))
    .route('/', createBroadcastRouter())
    .route('/', createDevicesRouter(analytics))
    .route('/', createDeviceGroupsRouter(analytics))
    .route('/', createAnalyticsRouter(analytics))
    .route('/', createReportsRouter(analytics))

/**
 * `/v{n}` routes that take no credential: the login alias, invitation acceptance, and report
 * downloads (authorized by their signed link).
 */
const PUBLIC_API_PATH = /^\/v\d+\/(?:auth\/login|invitations\/accept|reports\/[^/]+\/download)$/

/** Skips a middleware (authentication, tenancy, faults) on the public `/v{n}` routes. */
const unlessPublic = (middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
  function unlessPublic(c, next) {
    return PUBLIC_API_PATH.test(c.req.path) ? next() : middleware(c, next)
  }

/**
 * Builds the app. Nothing here listens or opens files: `main.ts` does that.
 * @example
 * const app = createApp({ config, clock: systemClock, store, cache, logger })
 * const res = await app.request('/v1/me', { headers: { authorization: `Bearer ${key}` } })
 */
export const createApp = (deps: AppDeps) => {
  const { config, clock, store, cache, logger } = deps
  const services = createServices(deps)
  // Catalog and supply-chain workflows: their services, job handlers and supplier credentials.
  const supplyChain = createSupplyChain(deps, services.jobs, {
    mailer: services.auth.mailer,
    events: services.events,
  })
  const verifiers = [...services.verifiers, supplyChain.suppliers.verifier]
  // Devices, telemetry, device groups, the aggregation router and reports (with their job).
  const analytics = createAnalytics(deps, services.jobs, {
    mailer: services.auth.mailer,
    events: services.events,
  })
  // Realtime channel families (`{prefix}:{id}`): one line per source.
  const channelSources: ChannelSource[] = [
    createShipmentsSource(supplyChain.shipments),
    analytics.channelSource,
  ]
  // The WebSocket endpoint /web; `listen` (server.ts) attaches it to the HTTP server.
  const realtime = createRealtimeHub({
    config: {
      ...config.realtime,
      // The bench profile lifts the message rate like every other limit.
      messagesPerMinute:
        config.realtime.messagesPerMinute *
        (config.rateLimitProfile === 'bench' ? BENCH_MULTIPLIER : 1),
    },
    clock,
    cache,
    store,
    logger,
    metrics: services.metrics,
    events: services.events,
    verifiers: services.verifiers,
    permissions: services.auth.permissions,
    counter: deps.connections ?? createMemoryConnectionCounter(),
    products: supplyChain.products,
    sources: channelSources,
  })
  const app = new OpenAPIHono<AppEnv>({ getPath: versionedPath, defaultHook: validationHook })
  const onError = errorHandler()
  app.onError(onError)
  app.notFound(notFound())

  const provideServices: MiddlewareHandler<AppEnv> = function provideServices(c, next) {
    c.set('services', services)
    if (!flowRecording()) return next()
    // One span per request: its flow steps form one run for the conformance check.
    return tracer.startActiveSpan(`${c.req.method} request`, async (span) => {
      try {
        await next()
      } finally {
        span.end()
      }
    })
  }
  // The edge steps run as one Hono layer (lib/middleware-chain.ts), in this order, each with
  // the semantics it would have as its own layer.
  app.use(
    '*',
    chain(
      onError,
      provideServices,
      metricsTimer(services.metrics), // 1
      requestId({ logger }), // 2
      securityHeaders(), // 3: on every response, errors included
      cors(config.corsOrigins), // 4: preflights end here, before rate limits and auth
      requestTimeout(config.apiTimeoutMs),
      bodyLimit(config.maxBodyBytes), // 5: 413 before anything reads the body
      versioning({ supported: SUPPORTED_VERSIONS, metrics: services.metrics }),
    ),
  )
  const limiter = rateLimit({
    cache,
    clock,
    policies: services.rateLimits,
    metrics: services.metrics,
    trustProxy: config.trustProxy,
  })
  // The OAuth token server (/oauth/*) is rate limited (auth class) but takes no bearer
  // credential; /oauth/introspect checks its caller itself.
  app.use('/oauth/*', limiter)
  // Observes how product requests leave the pipeline, for the catalog diagrams' flow steps.
  for (const v of SUPPORTED_VERSIONS) app.use(`/v${v}/products`, catalogFlows())
  const apiSteps = chain(
    onError,
    limiter, // 6
    unlessPublic(
      chain(
        onError,
        authenticate(verifiers), // 7
        tenancy(store), // 8
        faultInjection({ enabled: config.faultInjection, cache, metrics: services.metrics }),
      ),
    ),
  )
  for (const v of SUPPORTED_VERSIONS) app.use(`/v${v}/*`, apiSteps)
  // 9 permission, 10 validation, 11 handler and 12 envelope are per route: see routes/*/*.routes.ts.

  app.route('/', createHealthRouter())
  app.route('/', createMetricsRouter())
  app.route('/', createOAuthRouter())
  app.route('/v1', createVersionRouter(1, supplyChain, analytics))
  app.route('/v2', createVersionRouter(2, supplyChain, analytics))
  if (config.faultInjection) app.route('/dev', createDevRouter())
  if (config.mode !== 'production') {
    app.route('/', createDevMailRouter())
    app.route('/_dev', createDevNotificationsRouter(supplyChain.notifier))
    app.route('/_dev', createSupplierSimulatorRouter(supplyChain.simulator))
  }
  registerOpenApi(app, config)
  return Object.assign(app, { supplyChain, services, realtime, analytics })
}

export type App = ReturnType<typeof createApp>
