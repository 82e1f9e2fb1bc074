/** @module Builds the long-lived services of one app from its dependencies. */
import { randomBytes } from 'node:crypto'
import { createEventBus } from '../events/index.ts'
import { createJobQueue } from '../jobs/index.ts'
import type { AppDeps, AppServices } from '../lib/app-env.ts'
import { createMetrics } from '../observability/metrics.ts'
import { createAlertHook } from './alerts.ts'
import { createApiKeyService, createApiKeyVerifier } from './api-keys.ts'
import { createAuthServices } from './auth.ts'
import { createCredentialCache } from './credential-cache.ts'
import { createIdempotencyService } from './idempotency.ts'
import { policiesFor, type RateLimitClass, type RateLimitPolicy } from './rate-limits.ts'

type Policies = Record<RateLimitClass, RateLimitPolicy>

/** `BLUEROUND_RATE_LIMIT_READ_BURST`: the read class admits `burst` requests per burst/60 min. */
const withReadBurst = (policies: Policies, burst: number | undefined): Policies =>
  burst === undefined ? policies : { ...policies, read: { perMinute: 60, burst } }

export const createServices = (deps: AppDeps): AppServices => {
  const metrics = createMetrics({ defaultMetrics: deps.config.mode !== 'test' })
  const jobs = createJobQueue({
    db: deps.store.db,
    clock: deps.clock,
    logger: deps.logger,
    dialect: deps.store.dialect,
    leaseMs: deps.config.jobLeaseMs,
    pollMs: deps.config.jobPollMs,
    workerId: `${deps.config.nodeId}:${randomBytes(3).toString('hex')}`,
  })
  const auth = createAuthServices(deps, jobs)
  const credentials = createCredentialCache(deps.cache)
  return {
    deps,
    metrics,
    alerts: createAlertHook({
      logger: deps.logger,
      metrics,
      webhookUrl: deps.config.alertWebhookUrl,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    }),
    apiKeys: createApiKeyService(deps.store, deps.clock, credentials),
    idempotency: createIdempotencyService(deps.store, deps.clock),
    jobs,
    auth,
    // API keys come before JWTs (seed 004).
    verifiers: deps.verifiers ?? [
      createApiKeyVerifier(deps.store, deps.clock, credentials),
      auth.tokens.verifier,
    ],
    rateLimits: withReadBurst(
      policiesFor(deps.config.rateLimitProfile),
      deps.config.rateLimitReadBurst,
    ),
    events: deps.events ?? createEventBus(),
  }
}
