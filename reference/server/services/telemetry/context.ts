/**
 * @module What the device, telemetry, analytics, aggregation and report services share: the store
 * (with their tables), the clock, the cache, the job queue, the event bus, the mailer, the Object
 * Store and the aggregation sources. Tests replace a field (a hanging source, a failing builder)
 * on the live context, as `captureMail` does for the supply-chain one.
 */
import { randomBytes } from 'node:crypto'
import { ROOT_CONTEXT, context } from '@opentelemetry/api'
import type { AppConfig } from '../../config/index.ts'
import type { EventBus } from '../../events/index.ts'
import type { JobQueue } from '../../jobs/index.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../observability/logger.ts'
import type { Cache } from '../../store/cache/cache.ts'
import type { ObjectStore } from '../../store/object-store/index.ts'
import type { TelemetryDb } from '../../store/telemetry/schema.ts'
import type { DataSource } from '../aggregation/sources.ts'
import type { Mailer } from '../mailer.ts'
import type { ReportBuilders } from '../reports/builders.ts'

export interface AnalyticsContext {
  db: TelemetryDb
  clock: Clock
  cache: Cache
  jobs: JobQueue
  events: EventBus
  mailer: Mailer
  logger: Logger
  config: AppConfig
  objectStore: ObjectStore
  /** The aggregation sources the router picks from (per-region stores, external providers). */
  sources: DataSource[]
  /** How long each source has to answer before it counts as timed out. */
  sourceTimeoutMs: number
  /** One builder per report type: it aggregates the data a report shows. */
  reportBuilders: ReportBuilders
}

type IdPrefix = 'dev' | 'dgr' | 'tlm' | 'rpt'

/** A new identifier such as `dev_8fJ2kQ0xVb1mZt7c` (96 random bits). */
export const newAnalyticsId = (prefix: IdPrefix): string =>
  `${prefix}_${randomBytes(12).toString('base64url')}`

export const isoAt = (ms: number): string => new Date(ms).toISOString()

/** Wakes the worker outside the request's trace context (the job outlives the request). */
export const wakeWorker = (ctx: AnalyticsContext): void => {
  context.with(ROOT_CONTEXT, () => ctx.jobs.poke())
}

/** Logs and swallows a cache failure: the database stays the source of truth. */
export const quietly = (ctx: AnalyticsContext, what: string) => (error: unknown) => {
  ctx.logger.warn({ err: error }, `${what}: cache unavailable`)
}
