/**
 * @module Health: the database and the cache are checked in parallel, each with a timeout.
 * @see https://docs.blueround.com/api/health-check/
 */
import { withTimeout } from '../lib/sleep.ts'
import { flowStep } from '../observability/flow.ts'
import type { Cache } from '../store/cache/cache.ts'
import type { Store } from '../store/index.ts'

export type ComponentStatus = 'healthy' | 'unhealthy'

export interface HealthReport {
  status: ComponentStatus
  database: ComponentStatus
  cache: ComponentStatus
}

const LABEL = { database: 'Database', cache: 'Cache' } as const

const probe = async (
  component: 'database' | 'cache',
  check: () => Promise<void>,
  timeoutMs: number,
): Promise<ComponentStatus> => {
  flowStep('api/health-check', `${LABEL[component]} check`)
  try {
    await withTimeout(check(), timeoutMs, () => new Error(`${component} check timed out`))
    flowStep('api/health-check', `${LABEL[component]} answered`)
    return 'healthy'
  } catch {
    flowStep('api/health-check', `${LABEL[component]} failed or timed out`)
    return 'unhealthy'
  }
}

export const checkHealth = async (
  store: Pick<Store, 'ping'>,
  cache: Pick<Cache, 'ping'>,
  timeoutMs: number,
): Promise<HealthReport> => {
  const [database, cacheStatus] = await Promise.all([
    probe('database', () => store.ping(), timeoutMs),
    probe('cache', () => cache.ping(), timeoutMs),
  ])
  const status = database === 'healthy' && cacheStatus === 'healthy' ? 'healthy' : 'unhealthy'
  flowStep('api/health-check', status === 'healthy' ? 'All healthy' : 'Any unhealthy')
  return { status, database, cache: cacheStatus }
}
