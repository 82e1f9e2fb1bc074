/** @module Flow test for diagrams/api/health-check.mmd: both checks, each failure, timeouts. */
import { describe, expect, it } from 'vitest'
import { checkHealth } from '../services/health.ts'
import { body, createTestApp, type TestApp } from '../testing/test-app.ts'

/** The engines the test app runs on: embedded, or PostgreSQL + Redis in the scale-out suite. */
const engines = (t: TestApp) => ({
  database: t.store.dialect,
  cache: t.cache.engine ?? 'memory',
})

const report = (t: TestApp, database: string, cache: string) => ({
  status: database === 'healthy' && cache === 'healthy' ? 'healthy' : 'unhealthy',
  database,
  cache,
  dependencies: {
    database: { engine: engines(t).database, status: database },
    cache: { engine: engines(t).cache, status: cache },
  },
})

describe('health check (diagrams/api/health-check.mmd)', () => {
  it('all healthy: 200 with every component healthy', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await body(res)).toEqual(report(t, 'healthy', 'healthy'))
  })

  it('database failed: 503 with database unhealthy', async () => {
    const t = await createTestApp()
    t.store.setSimulatedOutage(true)
    const res = await t.app.request('/health')
    expect(res.status).toBe(503)
    expect(await body(res)).toEqual(report(t, 'unhealthy', 'healthy'))
  })

  it('cache failed: 503 with cache unhealthy', async () => {
    const t = await createTestApp()
    t.cache.setSimulatedOutage(true)
    const res = await t.app.request('/health')
    expect(res.status).toBe(503)
    expect(await body(res)).toEqual(report(t, 'healthy', 'unhealthy'))
  })

  it('a check that does not answer within the timeout counts as unhealthy', async () => {
    const never = () => new Promise<void>(() => {})
    const result = await checkHealth({ ping: never }, { ping: never }, 30)
    expect(result).toMatchObject({ status: 'unhealthy', database: 'unhealthy', cache: 'unhealthy' })
  })

  it('reports the read replica when one is configured, without failing the node on it', async () => {
    const ok = async () => {}
    const result = await checkHealth(
      { ping: ok, dialect: 'postgres', pingReplica: () => Promise.reject(new Error('lag')) },
      { ping: ok, engine: 'redis' },
      100,
    )
    expect(result).toEqual({
      status: 'healthy',
      database: 'healthy',
      cache: 'healthy',
      dependencies: {
        database: { engine: 'postgres', status: 'healthy' },
        cache: { engine: 'redis', status: 'healthy' },
        replica: { engine: 'postgres', status: 'unhealthy' },
      },
    })
  })

  it('runs both checks in parallel', async () => {
    const started: string[] = []
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const ping = (name: string) => async () => {
      started.push(name)
      await gate
    }
    const pending = checkHealth({ ping: ping('database') }, { ping: ping('cache') }, 1000)
    await Promise.resolve()
    // Both checks are running before either has finished.
    expect(started).toEqual(['database', 'cache'])
    release()
    expect((await pending).status).toBe('healthy')
  })

  it('can be driven by /dev/faults', async () => {
    const t = await createTestApp()
    const put = await t.app.request('/dev/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ database: 'down' }),
    })
    expect((await body(put)).data).toEqual({ database: 'down', cache: 'up' })
    expect((await t.app.request('/health')).status).toBe(503)
    await t.app.request('/dev/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ database: 'up' }),
    })
    expect((await t.app.request('/health')).status).toBe(200)
  })
})
