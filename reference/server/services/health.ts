/**
 * @module Health: the database and the cache are checked in parallel, each with a timeout.
 * @see https://docs.blueround.com/api/health-check/
 */
import { withTimeout } from '../lib/sleep.ts'
import { flowStep } from '../observability/flow.ts'
import type { Cache } from '../store/cache/cache.ts'
import type { Store } from '../store/index.ts'

export type ComponentStatus = 'healthy' | 'unhealthy'

/** One dependency actually in use, and the engine behind it. */
export interface Dependency {
  engine: 'sqlite' | 'postgres' | 'memory' | 'redis'
  status: ComponentStatus
}

export interface HealthReport {
  status: ComponentStatus
  database: ComponentStatus
  cache: ComponentStatus
  /**
   * Each dependency in use: the database and the cache, plus the read replica when
   * `DATABASE_REPLICA_URL` is set (reported, but lagging reads do not fail the node).
   */
  dependencies: {
    database: Dependency
    cache: Dependency
    replica?: Dependency
  }
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

/** The replica is not a step of the health-check diagram: it is probed without flow steps. */
const probeReplica = async (ping: () => Promise<void>, timeoutMs: number) =>
  withTimeout(ping(), timeoutMs, () => new Error('replica check timed out')).then(
    (): ComponentStatus => 'healthy',
    (): ComponentStatus => 'unhealthy',
  )

export const checkHealth = async (
  store: Pick<Store, 'ping'> & Partial<Pick<Store, 'dialect' | 'pingReplica'>>,
  cache: Pick<Cache, 'ping' | 'engine'>,
  timeoutMs: number,
): Promise<HealthReport> => {
  const [database, cacheStatus, replica] = await Promise.all([
    probe('database', () => store.ping(), timeoutMs),
    probe('cache', () => cache.ping(), timeoutMs),
    store.pingReplica === undefined ? undefined : probeReplica(store.pingReplica, timeoutMs),
  ])
  const status = database === 'healthy' && cacheStatus === 'healthy' ? 'healthy' : 'unhealthy'
  flowStep('api/health-check', status === 'healthy' ? 'All healthy' : 'Any unhealthy')
  return {
    status,
    database,
    cache: cacheStatus,
    dependencies: {
      database: { engine: store.dialect ?? 'sqlite', status: database },
      cache: { engine: cache.engine ?? 'memory', status: cacheStatus },
      ...(replica === undefined ? {} : { replica: { engine: 'postgres', status: replica } }),
    },
  }
}
