import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createHttpProviderSource,
  createRegionalStoreSource,
  type DataSource,
} from '../../services/aggregation/sources.ts'
import { createTestApp } from '../../testing/test-app.ts'
import { call } from '../../testing/supply-chain.ts'

const NOW = Date.parse('2026-11-22T10:30:00Z')
const closers: Array<() => void> = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

/** Two devices, one per region, with known readings in the 10:00 hour. */
const setup = async () => {
  const t = await createTestApp()
  t.clock.set(NOW)
  const headers = t.acme.headers
  const device = async (name: string, region: string) =>
    (await call(t, 'POST', '/v1/devices', { headers, body: { name, region } })).body.data
      .id as string
  const eu = await device('Rotterdam', 'eu-west')
  const us = await device('Newark', 'us-east')
  const post = (id: string, temperature: number, recordedAt: string) =>
    call(t, 'POST', `/v1/devices/${id}/telemetry`, {
      headers,
      body: { metrics: { temperature }, recordedAt },
    })
  await post(eu, 10, '2026-11-22T10:05:00Z')
  await post(eu, 14, '2026-11-22T10:15:00Z')
  await post(us, 30, '2026-11-22T10:25:00Z')
  const get = (query = '') =>
    call(t, 'GET', `/v1/analytics/metrics/temperature?window=1h${query}`, { headers })
  return { t, eu, us, post, get }
}

const failing: DataSource = {
  name: 'provider:broken',
  regions: ['*'],
  query: () => Promise.reject(new Error('connection refused')),
}
const hanging: DataSource = {
  name: 'provider:slow',
  regions: ['*'],
  query: () => new Promise(() => {}),
}

describe('GET /v1/analytics/metrics/{metric}', () => {
  it('merges every source, says which answered, and caches the complete answer', async () => {
    const { t, eu, post, get } = await setup()
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({
      metric: 'temperature',
      window: '1h',
      start: '2026-11-22T10:00:00.000Z',
      region: null,
      partial: false,
      cached: false,
      aggregate: { count: 3, min: 10, max: 30, mean: 18 },
    })
    expect(
      res.body.data.sources.map((s: { name: string; status: string; count: number }) => [
        s.name,
        s.status,
        s.count,
      ]),
    ).toEqual([
      ['store:eu-west', 'ok', 2],
      ['store:us-east', 'ok', 1],
    ])
    expect((await get()).body.data).toMatchObject({ cached: true, aggregate: { count: 3 } })
    // A write drops the cached answer.
    await post(eu, 2, '2026-11-22T10:29:00Z')
    expect((await get()).body.data).toMatchObject({
      cached: false,
      aggregate: { count: 4, min: 2, max: 30, mean: 14 },
    })
    expect(t.app.analytics.ctx.sources).toHaveLength(2)
  })

  it('routes to the sources serving the requested region', async () => {
    const { get } = await setup()
    const res = await get('&region=us-east')
    expect(res.body.data).toMatchObject({
      region: 'us-east',
      partial: false,
      aggregate: { count: 1, min: 30, max: 30, mean: 30 },
    })
    expect(res.body.data.sources.map((s: { name: string }) => s.name)).toEqual(['store:us-east'])
  })

  it('answers partial (never 500) when a source fails, and does not cache it', async () => {
    const { t, get } = await setup()
    t.app.analytics.ctx.sources.push(failing)
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({
      partial: true,
      aggregate: { count: 3, min: 10, max: 30 },
    })
    expect(res.body.data.sources.at(-1)).toMatchObject({
      name: 'provider:broken',
      status: 'failed',
      error: 'The source failed',
    })
    expect((await get()).body.data.cached).toBe(false)
  })

  it('marks a source that does not answer in time as timeout', async () => {
    const { t, get } = await setup()
    t.app.analytics.ctx.sourceTimeoutMs = 50
    t.app.analytics.ctx.sources.push(hanging)
    const res = await get('&region=eu-west')
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({
      partial: true,
      aggregate: { count: 2, min: 10, max: 14, mean: 12 },
    })
    expect(res.body.data.sources).toEqual([
      expect.objectContaining({ name: 'store:eu-west', status: 'ok', count: 2 }),
      expect.objectContaining({ name: 'provider:slow', status: 'timeout', error: 'Timed out' }),
    ])
  })

  it('refuses a region no source serves (422 on query.region)', async () => {
    const { t, get } = await setup()
    t.app.analytics.ctx.sources = [createRegionalStoreSource(t.app.analytics.ctx.db, 'eu-west')]
    const res = await get('&region=us-east')
    expect(res.status).toBe(422)
    expect(res.body.error.details).toEqual([
      { field: 'query.region', message: 'No source serves us-east' },
    ])
  })

  it('merges an external provider over HTTP, and survives its failure', async () => {
    const { t, get } = await setup()
    let answer: { status: number; body: unknown } = {
      status: 200,
      body: { count: 2, min: -5, max: 40, sum: 35 },
    }
    const received: unknown[] = []
    const server = createServer((req, res) => {
      let text = ''
      req.on('data', (chunk: Buffer) => (text += chunk.toString()))
      req.on('end', () => {
        received.push(JSON.parse(text))
        res.writeHead(answer.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answer.body))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => server.close())
    const { port } = server.address() as AddressInfo
    t.app.analytics.ctx.sources.push(
      createHttpProviderSource({
        name: 'provider:partner',
        url: `http://127.0.0.1:${port}/aggregate`,
        regions: ['*'],
      }),
    )
    const res = await get()
    expect(res.body.data).toMatchObject({
      partial: false,
      aggregate: { count: 5, min: -5, max: 40, mean: (10 + 14 + 30 + 35) / 5 },
    })
    expect(received).toEqual([
      {
        organizationId: t.acme.organization.id,
        metric: 'temperature',
        start: '2026-11-22T10:00:00.000Z',
        end: '2026-11-22T11:00:00.000Z',
      },
    ])
    answer = { status: 503, body: { error: 'down' } }
    t.clock.advance(6 * 60_000) // the complete answer's cache entry expires
    const down = await get()
    expect(down.body.data).toMatchObject({ partial: true, aggregate: { count: 3 } })
    expect(down.body.data.sources.at(-1)).toMatchObject({
      name: 'provider:partner',
      status: 'failed',
    })
  })
})
