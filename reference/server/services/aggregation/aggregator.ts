/**
 * @module The router and the aggregator (seed 003, "Multi-Cloud Integration" and "Data
 * Aggregation"). The router picks every source that serves the requested region (all of them
 * when no region is given); they are queried at once, each with its own timeout; the aggregator
 * merges the answers. A source that fails or times out makes the answer `partial`, never a 500.
 * A complete answer is cached for the data TTL; a partial one is not.
 * @see https://docs.blueround.com/workflows/data-aggregation/
 */
import { ValidationError } from '../../errors/validation-error.ts'
import { CACHE_TTL_MS } from '../../lib/cache-ttls.ts'
import { flowStep } from '../../observability/flow.ts'
import type { MetricAggregate } from '../../store/telemetry/readings.ts'
import { quietly, type AnalyticsContext } from '../telemetry/context.ts'
import {
  aggregationKey,
  summarize,
  windowAt,
  type MetricSummary,
  type WindowName,
} from '../telemetry/windows.ts'
import type { DataSource } from './sources.ts'

const ROUTING = 'workflows/multi-cloud-routing'
const AGGREGATION = 'workflows/data-aggregation'

export interface SourceOutcome {
  name: string
  status: 'ok' | 'failed' | 'timeout'
  durationMs: number
  /** Readings it counted (0 when it had none). */
  count: number
  error?: string
}

export interface AggregatedMetric {
  metric: string
  window: WindowName
  start: string
  end: string
  region: string | null
  partial: boolean
  cached: boolean
  aggregate: MetricSummary | null
  sources: SourceOutcome[]
}

class SourceTimeout extends Error {}

/** Rejects after `ms` even when the source ignores its abort signal. */
const withTimeout = async <T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new SourceTimeout(`no answer within ${ms} ms`))
    }, ms)
  })
  try {
    return await Promise.race([run(controller.signal), expired])
  } finally {
    clearTimeout(timer)
  }
}

const merge = (into: MetricAggregate | undefined, next: MetricAggregate): MetricAggregate =>
  into === undefined
    ? { ...next }
    : {
        count: into.count + next.count,
        min: Math.min(into.min, next.min),
        max: Math.max(into.max, next.max),
        sum: into.sum + next.sum,
      }

/** Which sources serve `region`: those listing it or `*`; all of them without a region. */
export const pickSources = (sources: readonly DataSource[], region: string | undefined) =>
  region === undefined
    ? [...sources]
    : sources.filter((s) => s.regions.includes(region) || s.regions.includes('*'))

export const createAggregationService = (ctx: AnalyticsContext) => {
  return {
    async metric(
      organizationId: string,
      input: {
        metric: string
        window: WindowName
        region?: string | undefined
        at?: number | undefined
      },
    ): Promise<AggregatedMetric> {
      const bounds = windowAt(input.window, input.at ?? ctx.clock.now())
      const picked = pickSources(ctx.sources, input.region)
      if (picked.length === 0) {
        flowStep(ROUTING, 'No provider serves the region')
        throw new ValidationError('No data source serves this region', {
          details: [{ field: 'query.region', message: `No source serves ${input.region ?? ''}` }],
        })
      }
      flowStep(ROUTING, 'Providers chosen')
      const key = aggregationKey(organizationId, input.metric, { ...bounds }, input.region)
      const base = { metric: input.metric, ...bounds, region: input.region ?? null }
      flowStep(AGGREGATION, 'REQUEST')
      const hit = await ctx.cache.get(key).catch(() => undefined)
      if (hit !== undefined) {
        flowStep(AGGREGATION, 'CACHED', 'HIT')
        return { ...(JSON.parse(hit) as AggregatedMetric), cached: true }
      }
      flowStep(AGGREGATION, 'CACHED', 'FANOUT')
      const query = { organizationId, metric: input.metric, start: bounds.start, end: bounds.end }
      const settled = await Promise.all(
        picked.map(async (source) => {
          const started = performance.now()
          try {
            const value = await withTimeout(ctx.sourceTimeoutMs, (signal) =>
              source.query(query, signal),
            )
            return { source, value, durationMs: Math.round(performance.now() - started) }
          } catch (error) {
            return { source, error, durationMs: Math.round(performance.now() - started) }
          }
        }),
      )
      let total: MetricAggregate | undefined
      const outcomes: SourceOutcome[] = []
      for (const result of settled) {
        flowStep(AGGREGATION, 'NEXT')
        if ('error' in result) {
          flowStep(AGGREGATION, 'ANSWERED', 'MARK')
          const timeout = result.error instanceof SourceTimeout
          ctx.logger.warn(
            { source: result.source.name, err: result.error },
            timeout ? 'aggregation source timed out' : 'aggregation source failed',
          )
          outcomes.push({
            name: result.source.name,
            status: timeout ? 'timeout' : 'failed',
            durationMs: result.durationMs,
            count: 0,
            error: timeout ? 'Timed out' : 'The source failed',
          })
        } else {
          flowStep(AGGREGATION, 'ANSWERED', 'MERGE')
          if (result.value !== undefined) total = merge(total, result.value)
          outcomes.push({
            name: result.source.name,
            status: 'ok',
            durationMs: result.durationMs,
            count: result.value?.count ?? 0,
          })
        }
        flowStep(AGGREGATION, 'MORE')
      }
      const partial = outcomes.some((o) => o.status !== 'ok')
      const answer: AggregatedMetric = {
        ...base,
        partial,
        cached: false,
        aggregate: total === undefined ? null : summarize(total),
        sources: outcomes,
      }
      flowStep(AGGREGATION, 'ALL')
      if (partial) {
        flowStep(AGGREGATION, 'PARTIAL')
        return answer
      }
      flowStep(AGGREGATION, 'STORE', 'FULL')
      await ctx.cache
        .set(key, JSON.stringify(answer), CACHE_TTL_MS.data)
        .catch(quietly(ctx, 'aggregation'))
      return answer
    },
  }
}

export type AggregationService = ReturnType<typeof createAggregationService>
