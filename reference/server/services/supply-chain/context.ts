/**
 * @module What the catalog and supply-chain services share: the store (with their tables), the
 * clock, the cache, the job queue, the event bus, the notifier, the mailer and outbound `fetch`.
 */
import { randomBytes } from 'node:crypto'
import { ROOT_CONTEXT, context } from '@opentelemetry/api'
import type { AppConfig } from '../../config/index.ts'
import type { EventBus } from '../../events/index.ts'
import type { Executor, JobQueue } from '../../jobs/index.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Notifier } from '../../notifier/index.ts'
import type { Logger } from '../../observability/logger.ts'
import type { Cache } from '../../store/cache/cache.ts'
import type { SupplyChainDb, SupplyChainExecutor } from '../../store/supply-chain/schema.ts'
import type { Mailer } from '../mailer.ts'

export interface SupplyChainContext {
  db: SupplyChainDb
  clock: Clock
  cache: Cache
  jobs: JobQueue
  events: EventBus
  notifier: Notifier
  mailer: Mailer | undefined
  logger: Logger
  config: AppConfig
  fetch: typeof fetch
}

type IdPrefix = 'prd' | 'scn' | 'sup' | 'skey' | 'po' | 'shp' | 'trk' | 'whd'

/** A new identifier such as `prd_8fJ2kQ0xVb1mZt7c` (96 random bits). */
export const newSupplyChainId = (prefix: IdPrefix): string =>
  `${prefix}_${randomBytes(12).toString('base64url')}`

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString()

/** The job queue takes the core-typed executor; ours only adds tables, so it is the same object. */
export const asJobExecutor = (executor: SupplyChainExecutor): Executor =>
  executor as unknown as Executor

/**
 * Wakes the worker outside the request's trace context: the job outlives the request, and its
 * flow steps must not land on the request's span after that span has ended.
 */
export const wakeWorker = (ctx: SupplyChainContext): void => {
  context.with(ROOT_CONTEXT, () => ctx.jobs.poke())
}
