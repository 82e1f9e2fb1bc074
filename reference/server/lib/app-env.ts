/** @module The Hono environment: dependencies, services and per-request variables. */
import type { IncomingMessage } from 'node:http'
import type { AppConfig } from '../config/index.ts'
import type { EventBus } from '../events/index.ts'
import type { JobQueue } from '../jobs/index.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { AlertHook } from '../services/alerts.ts'
import type { ApiKeyService } from '../services/api-keys.ts'
import type { AuthServices } from '../services/auth.ts'
import type { IdempotencyService } from '../services/idempotency.ts'
import type { Mailer } from '../services/mailer.ts'
import type { BearerCredential, CredentialVerifier, Principal } from '../services/principal.ts'
import type { RateLimitClass, RateLimitPolicy } from '../services/rate-limits.ts'
import type { ConnectionCounter } from '../realtime/connection-counter.ts'
import type { Cache } from '../store/cache/cache.ts'
import type { Organization, Store } from '../store/index.ts'
import type { Clock } from './clock.ts'

/** What the app factory receives. Tests pass fakes only where time or the outside world interferes. */
export interface AppDeps {
  config: AppConfig
  clock: Clock
  store: Store
  cache: Cache
  mailer?: Mailer
  logger: Logger
  /** Credential verifiers tried in order; defaults to API keys, then JWT access tokens. */
  verifiers?: CredentialVerifier[]
  /** Used by the alert webhook; tests pass a fake. */
  fetch?: typeof fetch
  /** Channel fan-out (shipments, devices, broadcast). Defaults to an in-process bus. */
  events?: EventBus
  /** Open WebSocket connections per user. Defaults to an in-memory counter (one node). */
  connections?: ConnectionCounter
}

/** Long-lived services built once per app from {@link AppDeps}. */
export interface AppServices {
  deps: AppDeps
  metrics: Metrics
  alerts: AlertHook
  apiKeys: ApiKeyService
  idempotency: IdempotencyService
  /** The durable Background Worker's queue (see `jobs/index.ts`). */
  jobs: JobQueue
  /** OAuth tokens, permissions, users and onboarding, and the mailer. */
  auth: AuthServices
  verifiers: CredentialVerifier[]
  rateLimits: Record<RateLimitClass, RateLimitPolicy>
  /** The event bus: realtime channels and broadcast subscribe here. */
  events: EventBus
}

export interface AppEnv {
  Bindings: { incoming?: IncomingMessage }
  Variables: {
    services: AppServices
    /** `performance.now()` when the first middleware saw the request. */
    startedAt: number
    requestId: string
    log: Logger
    /** The API version the request addresses (1 outside versioned paths). */
    apiVersion: number
    /** Parsed once by the rate limiter and reused by authentication. */
    bearer: BearerCredential | null
    principal: Principal
    organization: Organization
    /** Whether the request takes the API pipeline (`/v{n}/…`), for flow steps. */
    apiRequest: boolean
    /** The last request-pipeline node marked for this request. */
    pipelineStep: string | undefined
    /** Set by the deprecation middleware when the route is deprecated. */
    deprecated: boolean
  }
}
