/**
 * @module The aggregate windows (aligned 1-minute and 1-hour buckets on the injected clock) and the
 * cache keys of telemetry: latest values, window aggregates and group status.
 */
import type { MetricAggregate } from '../../store/telemetry/readings.ts'
import { isoAt } from './context.ts'

export const WINDOWS = { '1m': 60_000, '1h': 3_600_000 } as const
export type WindowName = keyof typeof WINDOWS
export const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[]

export interface WindowBounds {
  window: WindowName
  /** Inclusive, ISO 8601. */
  start: string
  /** Exclusive, ISO 8601. */
  end: string
}

/** The bucket of `window` that contains the instant `ms`. */
export const windowAt = (window: WindowName, ms: number): WindowBounds => {
  const size = WINDOWS[window]
  const start = Math.floor(ms / size) * size
  return { window, start: isoAt(start), end: isoAt(start + size) }
}

export interface MetricSummary {
  count: number
  min: number
  max: number
  mean: number
}

export const summarize = (a: MetricAggregate): MetricSummary => ({
  count: a.count,
  min: a.min,
  max: a.max,
  mean: a.sum / a.count,
})

export const latestKey = (deviceId: string) => `telemetry:${deviceId}:latest`
export const aggregateKey = (deviceId: string, bounds: WindowBounds) =>
  `telemetry:${deviceId}:${bounds.window}:${bounds.start}`
export const groupStatusKey = (groupId: string) => `device-group:${groupId}:status`
export const deviceChannel = (deviceId: string) => `devices:${deviceId}`
/** A merged answer of the aggregation router; `region` undefined means every region. */
export const aggregationKey = (
  organizationId: string,
  metric: string,
  bounds: WindowBounds,
  region?: string,
) => `aggregation:${organizationId}:${metric}:${bounds.window}:${bounds.start}:${region ?? '*'}`
