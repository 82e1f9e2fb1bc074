/**
 * @module Telemetry queries: insert readings, aggregate a window per metric, and the latest value
 * of each metric. Aggregates are computed by the database from the stored readings (count, min,
 * max, sum), so they are exact whatever the order or concurrency of the writes.
 */
import type { TelemetryExecutor } from './schema.ts'

export interface MetricAggregate {
  count: number
  min: number
  max: number
  sum: number
}

export interface LatestValue {
  value: number
  recordedAt: string
}

export interface LatestReadings {
  metrics: Record<string, LatestValue>
  /** When the API last stored a reading of the device; `null` when it never did. */
  lastSeenAt: string | null
}

export interface NewReading {
  id: string
  organization_id: string
  device_id: string
  metric: string
  value: number
  recorded_at: string
  received_at: string
}

export const insertReadings = async (db: TelemetryExecutor, rows: NewReading[]) => {
  // Chunked: SQLite caps the bound parameters of one statement.
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('telemetry_readings')
      .values(rows.slice(i, i + 100))
      .execute()
}

/** Count, min, max and sum per metric of one device's readings in `[start, end)`. */
export const aggregateDevice = async (
  db: TelemetryExecutor,
  deviceId: string,
  start: string,
  end: string,
): Promise<Record<string, MetricAggregate>> => {
  const rows = await db
    .selectFrom('telemetry_readings')
    .select((eb) => [
      'metric',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.min<number>('value').as('min'),
      eb.fn.max<number>('value').as('max'),
      eb.fn.sum<number | string>('value').as('sum'),
    ])
    .where('device_id', '=', deviceId)
    .where('recorded_at', '>=', start)
    .where('recorded_at', '<', end)
    .groupBy('metric')
    .orderBy('metric')
    .execute()
  return Object.fromEntries(
    rows.map((r) => [
      r.metric,
      { count: Number(r.count), min: Number(r.min), max: Number(r.max), sum: Number(r.sum) },
    ]),
  )
}

/** The newest value of each metric of one device, read from the stored readings. */
export const latestOfDevice = async (
  db: TelemetryExecutor,
  deviceId: string,
): Promise<LatestReadings> => {
  const rows = await db
    .selectFrom('telemetry_readings as r')
    .select(['r.metric', 'r.value', 'r.recorded_at'])
    .where('r.device_id', '=', deviceId)
    .where(({ eb, selectFrom }) =>
      eb(
        'r.recorded_at',
        '=',
        selectFrom('telemetry_readings as n')
          .select((e) => e.fn.max('n.recorded_at').as('m'))
          .whereRef('n.device_id', '=', 'r.device_id')
          .whereRef('n.metric', '=', 'r.metric'),
      ),
    )
    .orderBy('r.metric')
    .execute()
  const seen = await db
    .selectFrom('telemetry_readings')
    .select((eb) => eb.fn.max('received_at').as('at'))
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
  const metrics: Record<string, LatestValue> = {}
  for (const r of rows) metrics[r.metric] = { value: Number(r.value), recordedAt: r.recorded_at }
  return { metrics, lastSeenAt: seen?.at ?? null }
}

/**
 * Count, min, max and sum of one metric over an organization's devices of one region in
 * `[start, end)`: what a regional store answers to the aggregation router.
 */
export const aggregateRegion = async (
  db: TelemetryExecutor,
  query: { organizationId: string; region: string; metric: string; start: string; end: string },
): Promise<MetricAggregate | undefined> => {
  const row = await db
    .selectFrom('telemetry_readings as r')
    .innerJoin('devices as d', 'd.id', 'r.device_id')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.min<number>('r.value').as('min'),
      eb.fn.max<number>('r.value').as('max'),
      eb.fn.sum<number | string>('r.value').as('sum'),
    ])
    .where('r.organization_id', '=', query.organizationId)
    .where('d.region', '=', query.region)
    .where('r.metric', '=', query.metric)
    .where('r.recorded_at', '>=', query.start)
    .where('r.recorded_at', '<', query.end)
    .executeTakeFirst()
  const count = Number(row?.count ?? 0)
  if (row === undefined || count === 0) return undefined
  return { count, min: Number(row.min), max: Number(row.max), sum: Number(row.sum) }
}
