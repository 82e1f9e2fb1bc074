/**
 * @module Data sources of the aggregation router: each answers "count, min, max and sum of this
 * metric in this window" for the regions it serves. Built in: one store per data region (over the
 * regional database; in this reference server the regions share one database and a source reads
 * its region's devices) and an HTTP adapter for an external analytics provider.
 * @see https://docs.blueround.com/workflows/data-aggregation/
 */
import { aggregateRegion, type MetricAggregate } from '../../store/telemetry/readings.ts'
import type { TelemetryDb } from '../../store/telemetry/schema.ts'

export interface SourceQuery {
  organizationId: string
  metric: string
  /** Inclusive ISO 8601 start and exclusive end of the window. */
  start: string
  end: string
}

export interface DataSource {
  /** Shown in the response's `sources`, e.g. `store:eu-west`. */
  readonly name: string
  /** The data regions it serves; `*` serves every region. */
  readonly regions: readonly string[]
  /** `undefined` when it holds no reading of the metric in the window. */
  query(query: SourceQuery, signal: AbortSignal): Promise<MetricAggregate | undefined>
}

/** The store of one data region. */
export const createRegionalStoreSource = (db: TelemetryDb, region: string): DataSource => ({
  name: `store:${region}`,
  regions: [region],
  query: (query) => aggregateRegion(db, { ...query, region }),
})

/**
 * An external analytics provider reached over HTTP: `POST {url}` with the query as JSON, answered
 * with `{ count, min, max, sum }` (or `{ count: 0 }`). A non-2xx answer or a malformed body fails
 * the source; the router reports it and carries on.
 */
export const createHttpProviderSource = (options: {
  name: string
  url: string
  regions: readonly string[]
  fetch?: typeof fetch
}): DataSource => ({
  name: options.name,
  regions: options.regions,
  async query(query, signal) {
    const res = await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(query),
      signal,
    })
    if (!res.ok) throw new Error(`${options.name} answered ${res.status}`)
    const body = (await res.json()) as Partial<MetricAggregate>
    if (typeof body.count !== 'number') throw new Error(`${options.name} sent no count`)
    if (body.count === 0) return undefined
    const { min, max, sum } = body
    if (typeof min !== 'number' || typeof max !== 'number' || typeof sum !== 'number')
      throw new Error(`${options.name} sent a malformed aggregate`)
    return { count: body.count, min, max, sum }
  },
})
