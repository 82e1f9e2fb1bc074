/**
 * @module The data collector (seed 003, "Real-time Analytics Flow"): `POST /v1/devices/{id}/telemetry`
 * stores each good reading, refreshes the device's latest values and its 1-minute and 1-hour
 * aggregates in the cache, drops the cached status of its groups and publishes the update on
 * `devices:{id}`. Bad values (not a finite number, a clock far in the future, past the batch
 * limit) are rejected one by one with field details; the rest is kept.
 * @see https://docs.blueround.com/workflows/device-telemetry/
 */
import { ValidationError } from '../../errors/validation-error.ts'
import type { FieldProblem } from '../../errors/app-error.ts'
import { CACHE_TTL_MS } from '../../lib/cache-ttls.ts'
import { flowStep } from '../../observability/flow.ts'
import {
  aggregateDevice,
  insertReadings,
  latestOfDevice,
  type LatestReadings,
  type NewReading,
} from '../../store/telemetry/readings.ts'
import { isoAt, newAnalyticsId, quietly, type AnalyticsContext } from './context.ts'
import type { DeviceService } from './devices.ts'
import {
  WINDOW_NAMES,
  aggregateKey,
  aggregationKey,
  deviceChannel,
  groupStatusKey,
  latestKey,
  summarize,
  windowAt,
  type MetricSummary,
  type WindowBounds,
  type WindowName,
} from './windows.ts'

export const FLOW = 'workflows/real-time-analytics'
/** Readings past this index of one batch are rejected. */
export const MAX_BATCH = 100
/** Metrics in one reading. */
export const MAX_METRICS = 50
/** How far ahead of the server's clock a device's `recordedAt` may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000

export interface RawReading {
  metrics: Record<string, unknown>
  /** Checked here, reading by reading, so one bad date does not reject the batch. */
  recordedAt: unknown
}

export interface IngestResult {
  deviceId: string
  accepted: number
  rejected: FieldProblem[]
}

export interface WindowAggregates extends WindowBounds {
  deviceId: string
  metrics: Record<string, MetricSummary>
  cached: boolean
}

const METRIC_NAME = /^[A-Za-z][\w.-]{0,63}$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/

export const createTelemetryService = (ctx: AnalyticsContext, devices: DeviceService) => {
  /** Splits a batch into storable values and field problems, without throwing. */
  const check = (deviceId: string, organizationId: string, readings: RawReading[]) => {
    const now = ctx.clock.now()
    const rows: NewReading[] = []
    const rejected: FieldProblem[] = []
    readings.forEach((reading, index) => {
      const at = `readings[${index}]`
      if (index >= MAX_BATCH) {
        rejected.push({ field: at, message: `Beyond the batch limit of ${MAX_BATCH} readings` })
        return
      }
      const text = typeof reading.recordedAt === 'string' ? reading.recordedAt : ''
      const recorded = Date.parse(text)
      if (!ISO_DATE_TIME.test(text) || Number.isNaN(recorded)) {
        rejected.push({ field: `${at}.recordedAt`, message: 'Expected an ISO 8601 date-time' })
        return
      }
      if (recorded > now + MAX_CLOCK_SKEW_MS) {
        rejected.push({
          field: `${at}.recordedAt`,
          message: 'More than 5 minutes ahead of the server clock',
        })
        return
      }
      const entries = Object.entries(reading.metrics)
      entries.forEach(([metric, value], position) => {
        const field = `${at}.metrics.${metric}`
        if (position >= MAX_METRICS)
          rejected.push({ field, message: `Beyond the limit of ${MAX_METRICS} metrics` })
        else if (!METRIC_NAME.test(metric))
          rejected.push({
            field,
            message: 'A metric name is a letter, then letters, digits, _ . -',
          })
        else if (typeof value !== 'number' || !Number.isFinite(value))
          rejected.push({ field, message: 'Expected a finite number' })
        else
          rows.push({
            id: newAnalyticsId('tlm'),
            organization_id: organizationId,
            device_id: deviceId,
            metric,
            value,
            recorded_at: isoAt(recorded),
            received_at: isoAt(now),
          })
      })
    })
    return { rows, rejected }
  }

  /** The latest values: from the cache, else from the readings (and cached again). */
  const latest = async (deviceId: string): Promise<LatestReadings> => {
    const hit = await ctx.cache.get(latestKey(deviceId)).catch(() => undefined)
    if (hit !== undefined) return JSON.parse(hit) as LatestReadings
    const fresh = await latestOfDevice(ctx.db, deviceId)
    await ctx.cache
      .set(latestKey(deviceId), JSON.stringify(fresh), CACHE_TTL_MS.data)
      .catch(quietly(ctx, 'latest values'))
    return fresh
  }

  const computeWindow = async (deviceId: string, bounds: WindowBounds) => {
    const aggregates = await aggregateDevice(ctx.db, deviceId, bounds.start, bounds.end)
    const metrics = Object.fromEntries(
      Object.entries(aggregates).map(([metric, a]) => [metric, summarize(a)]),
    )
    await ctx.cache
      .set(aggregateKey(deviceId, bounds), JSON.stringify(metrics), CACHE_TTL_MS.data)
      .catch(quietly(ctx, 'aggregates'))
    return metrics
  }

  return {
    latest,

    async ingest(organizationId: string, deviceId: string, readings: RawReading[]) {
      const device = await devices.find(organizationId, deviceId)
      if (device === undefined) {
        flowStep(FLOW, "Not this organization's device")
        await devices.require(organizationId, deviceId) // throws the documented 404
      }
      const { rows, rejected } = check(deviceId, organizationId, readings)
      if (rows.length === 0) {
        flowStep(FLOW, 'Every reading rejected')
        throw new ValidationError('No reading was accepted', { details: rejected })
      }
      flowStep(FLOW, 'Readings accepted')
      await ctx.db.transaction().execute((trx) => insertReadings(trx, rows))
      // The cache follows the database: recomputed from the stored readings, so it is exact.
      const fresh = await latestOfDevice(ctx.db, deviceId)
      await ctx.cache
        .set(latestKey(deviceId), JSON.stringify(fresh), CACHE_TTL_MS.data)
        .catch(quietly(ctx, 'latest values'))
      const buckets = new Map<string, WindowBounds>()
      for (const row of rows)
        for (const window of WINDOW_NAMES) {
          const bounds = windowAt(window, Date.parse(row.recorded_at))
          buckets.set(aggregateKey(deviceId, bounds), bounds)
        }
      for (const bounds of buckets.values()) await computeWindow(deviceId, bounds)
      // The router's merged answers for these windows are out of date too.
      const stale = new Set<string>()
      for (const row of rows)
        for (const window of WINDOW_NAMES) {
          const bounds = windowAt(window, Date.parse(row.recorded_at))
          for (const region of [undefined, device?.region])
            stale.add(aggregationKey(organizationId, row.metric, bounds, region))
        }
      for (const key of stale) await ctx.cache.delete(key).catch(quietly(ctx, 'aggregation'))
      const groups = await ctx.db
        .selectFrom('device_group_members')
        .select('group_id')
        .where('device_id', '=', deviceId)
        .execute()
      for (const { group_id } of groups)
        await ctx.cache.delete(groupStatusKey(group_id)).catch(quietly(ctx, 'group status'))
      ctx.events.publish(deviceChannel(deviceId), {
        type: 'update',
        channel: deviceChannel(deviceId),
        event: 'telemetry',
        data: {
          deviceId,
          readings: rows.map((r) => ({
            metric: r.metric,
            value: r.value,
            recordedAt: r.recorded_at,
          })),
          latest: fresh.metrics,
        },
        timestamp: isoAt(ctx.clock.now()),
      })
      if (rejected.length > 0) flowStep(FLOW, 'Some readings rejected')
      return { deviceId, accepted: rows.length, rejected } satisfies IngestResult
    },

    /** The aggregates of the window that contains `at` (default now). */
    async aggregates(
      organizationId: string,
      deviceId: string,
      window: WindowName,
      at?: number,
    ): Promise<WindowAggregates> {
      const device = await devices.find(organizationId, deviceId)
      if (device === undefined) {
        flowStep(FLOW, "Another organization's device")
        await devices.require(organizationId, deviceId)
      }
      const bounds = windowAt(window, at ?? ctx.clock.now())
      const hit = await ctx.cache.get(aggregateKey(deviceId, bounds)).catch(() => undefined)
      if (hit !== undefined) {
        flowStep(FLOW, 'Aggregates cached')
        return {
          deviceId,
          ...bounds,
          metrics: JSON.parse(hit) as Record<string, MetricSummary>,
          cached: true,
        }
      }
      flowStep(FLOW, 'Aggregates not cached')
      return { deviceId, ...bounds, metrics: await computeWindow(deviceId, bounds), cached: false }
    },
  }
}

export type TelemetryService = ReturnType<typeof createTelemetryService>
