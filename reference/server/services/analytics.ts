/**
 * @module Devices, telemetry, device groups, the aggregation router and reports, built once per
 * app from its dependencies: the context they share, the report job handler, and the `devices`
 * channel source for the WebSocket endpoint.
 */
import { createEventBus } from '../events/index.ts'
import type { JobQueue } from '../jobs/index.ts'
import type { AppDeps } from '../lib/app-env.ts'
import { createObjectStore } from '../store/object-store/index.ts'
import { telemetryDb } from '../store/telemetry/schema.ts'
import { createAggregationService } from './aggregation/aggregator.ts'
import { createRegionalStoreSource, type DataSource } from './aggregation/sources.ts'
import type { Mailer } from './mailer.ts'
import { defaultReportBuilders } from './reports/builders.ts'
import { createReportService } from './reports/reports.ts'
import { createDeviceChannelSource } from './telemetry/channel-source.ts'
import type { AnalyticsContext } from './telemetry/context.ts'
import { DATA_REGIONS, createDeviceService } from './telemetry/devices.ts'
import { createDeviceGroupService } from './telemetry/groups.ts'
import { createTelemetryService } from './telemetry/telemetry.ts'
import type { EventBus } from '../events/index.ts'
import type { ObjectStore } from '../store/object-store/index.ts'

/** How long each aggregation source has to answer (see the timeouts page). */
export const SOURCE_TIMEOUT_MS = 2_000

export interface AnalyticsOptions {
  mailer: Mailer
  /** @default a new in-process bus */
  events?: EventBus
  /** @default from the configuration: S3 when a bucket is set, else `<dataDir>/objects` */
  objectStore?: ObjectStore
  /** @default one regional store per data region */
  sources?: DataSource[]
}

export const createAnalytics = (deps: AppDeps, jobs: JobQueue, options: AnalyticsOptions) => {
  const db = telemetryDb(deps.store.db)
  const ctx: AnalyticsContext = {
    db,
    clock: deps.clock,
    cache: deps.cache,
    jobs,
    events: options.events ?? createEventBus(),
    mailer: options.mailer,
    logger: deps.logger,
    config: deps.config,
    objectStore: options.objectStore ?? createObjectStore(deps.config),
    sources: options.sources ?? DATA_REGIONS.map((region) => createRegionalStoreSource(db, region)),
    sourceTimeoutMs: SOURCE_TIMEOUT_MS,
    reportBuilders: defaultReportBuilders(),
  }
  const devices = createDeviceService(ctx)
  const telemetry = createTelemetryService(ctx, devices)
  return {
    ctx,
    devices,
    telemetry,
    groups: createDeviceGroupService(ctx, telemetry),
    aggregation: createAggregationService(ctx),
    reports: createReportService(ctx),
    /** The `devices:{id}` channel family for the WebSocket endpoint. */
    channelSource: createDeviceChannelSource(devices, telemetry),
  }
}

export type Analytics = ReturnType<typeof createAnalytics>
