/** @module Builds the long-lived services of one app from its dependencies. */
import { createEventBus } from '../events/index.ts'
import { createJobQueue } from '../jobs/index.ts'
import type { AppDeps, AppServices } from '../lib/app-env.ts'
import { createMetrics } from '../observability/metrics.ts'
import { createAlertHook } from './alerts.ts'
import { createApiKeyService, createApiKeyVerifier } from './api-keys.ts'
import { createAuthServices } from './auth.ts'
import { createIdempotencyService } from './idempotency.ts'
import { policiesFor } from './rate-limits.ts'

export const createServices = (deps: AppDeps): AppServices => {
  const metrics = createMetrics({ defaultMetrics: deps.config.mode !== 'test' })
  const jobs = createJobQueue({ db: deps.store.db, clock: deps.clock, logger: deps.logger })
  const auth = createAuthServices(deps, jobs)
  return {
    deps,
    metrics,
    alerts: createAlertHook({
      logger: deps.logger,
      metrics,
      webhookUrl: deps.config.alertWebhookUrl,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    }),
    apiKeys: createApiKeyService(deps.store, deps.clock),
    idempotency: createIdempotencyService(deps.store, deps.clock),
    jobs,
    auth,
    // API keys come before JWTs (seed 004).
    verifiers: deps.verifiers ?? [
      createApiKeyVerifier(deps.store, deps.clock),
      auth.tokens.verifier,
    ],
    rateLimits: policiesFor(deps.config.rateLimitProfile),
    events: deps.events ?? createEventBus(),
  }
}
