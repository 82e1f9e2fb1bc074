import { describe, expect, it } from 'vitest'
import type { BusEvent } from '../../events/index.ts'
import { latestKey } from '../../services/telemetry/windows.ts'
import { createTenant, createTestApp, type TestApp } from '../../testing/test-app.ts'
import { call } from '../../testing/supply-chain.ts'

const at = (time: string) => `2026-11-22T${time}Z`
const NOW = Date.parse(at('10:30:50'))

/** A test app at 10:30:50 with one registered device, and every event on its channel. */
const withDevice = async () => {
  const t = await createTestApp()
  t.clock.set(NOW)
  const created = await call(t, 'POST', '/v1/devices', {
    headers: t.acme.headers,
    body: { name: 'Cold room 1', kind: 'thermometer' },
  })
  const id = created.body.data.id as string
  const events: BusEvent[] = []
  t.app.services.events.subscribe(`devices:${id}`, (e) => events.push(e))
  const post = (body: unknown, headers = t.acme.headers) =>
    call(t, 'POST', `/v1/devices/${id}/telemetry`, { headers, body })
  return { t, id, created, events, post }
}

const aggregates = (t: TestApp, id: string, window: string, headers = t.acme.headers) =>
  call(t, 'GET', `/v1/analytics/devices/${id}?window=${window}`, { headers })

describe('/v1/devices', () => {
  it('registers, lists and reads devices of the organization only', async () => {
    const { t, id, created } = await withDevice()
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`/v1/devices/${id}`)
    expect(created.body.data).toMatchObject({
      name: 'Cold room 1',
      kind: 'thermometer',
      region: 'eu-west',
    })
    const list = await call(t, 'GET', '/v1/devices', { headers: t.acme.headers })
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([id])
    expect(list.body.pagination.total).toBe(1)
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    expect((await call(t, 'GET', `/v1/devices/${id}`, { headers: globex.headers })).status).toBe(
      404,
    )
    const empty = await call(t, 'GET', '/v1/devices', { headers: globex.headers })
    expect(empty.body.data).toEqual([])
    const bad = await call(t, 'POST', '/v1/devices', {
      headers: t.acme.headers,
      body: { name: '', region: 'mars' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'name',
      'region',
    ])
  })
})

describe('POST /v1/devices/{id}/telemetry and GET /v1/analytics/devices/{id}', () => {
  it('stores readings and keeps exact 1-minute and 1-hour aggregates for a known series', async () => {
    const { t, id, post } = await withDevice()
    const res = await post({
      readings: [
        { metrics: { temperature: 20, humidity: 40 }, recordedAt: at('10:30:05') },
        { metrics: { temperature: 22.5, humidity: 50 }, recordedAt: at('10:30:20') },
        { metrics: { temperature: 21 }, recordedAt: at('10:30:40') },
        { metrics: { temperature: 30 }, recordedAt: at('10:10:00') },
      ],
    })
    expect(res.status).toBe(201)
    expect(res.body.data).toEqual({ deviceId: id, accepted: 6, rejected: [] })
    const rows = await t.app.analytics.ctx.db
      .selectFrom('telemetry_readings')
      .select(['metric', 'value'])
      .where('device_id', '=', id)
      .execute()
    expect(rows).toHaveLength(6)

    const minute = await aggregates(t, id, '1m')
    expect(minute.status).toBe(200)
    expect(minute.body.data).toEqual({
      deviceId: id,
      window: '1m',
      start: '2026-11-22T10:30:00.000Z',
      end: '2026-11-22T10:31:00.000Z',
      cached: true,
      metrics: {
        temperature: { count: 3, min: 20, max: 22.5, mean: 63.5 / 3 },
        humidity: { count: 2, min: 40, max: 50, mean: 45 },
      },
    })
    const hour = await aggregates(t, id, '1h')
    expect(hour.body.data).toMatchObject({
      start: '2026-11-22T10:00:00.000Z',
      end: '2026-11-22T11:00:00.000Z',
      metrics: {
        temperature: { count: 4, min: 20, max: 30, mean: 23.375 },
        humidity: { count: 2, min: 40, max: 50, mean: 45 },
      },
    })
    // The previous minute holds only the 10:10 reading.
    const earlier = await call(
      t,
      'GET',
      `/v1/analytics/devices/${id}?window=1m&at=${at('10:10:30')}`,
      {
        headers: t.acme.headers,
      },
    )
    expect(earlier.body.data.metrics).toEqual({
      temperature: { count: 1, min: 30, max: 30, mean: 30 },
    })
  })

  it('reads aggregates from the database when they are not cached, then caches them', async () => {
    const { t, id, post } = await withDevice()
    await post({ metrics: { temperature: 19 }, recordedAt: at('10:30:10') })
    t.clock.advance(6 * 60_000) // past the 5-minute data TTL
    const first = await call(t, 'GET', `/v1/analytics/devices/${id}?window=1h`, {
      headers: t.acme.headers,
    })
    expect(first.body.data).toMatchObject({
      cached: false,
      metrics: { temperature: { count: 1, mean: 19 } },
    })
    const second = await call(t, 'GET', `/v1/analytics/devices/${id}?window=1h`, {
      headers: t.acme.headers,
    })
    expect(second.body.data).toMatchObject({
      cached: true,
      metrics: { temperature: { count: 1, mean: 19 } },
    })
  })

  it('updates the latest values in the cache and pushes the update on devices:{id}', async () => {
    const { t, id, post, events } = await withDevice()
    await post({ metrics: { temperature: 21.5 }, recordedAt: at('10:30:00') })
    await post({ metrics: { temperature: 18 }, recordedAt: at('10:29:00') }) // older: not latest
    const cached = JSON.parse((await t.cache.get(latestKey(id))) ?? '{}')
    expect(cached).toEqual({
      metrics: { temperature: { value: 21.5, recordedAt: '2026-11-22T10:30:00.000Z' } },
      lastSeenAt: '2026-11-22T10:30:50.000Z',
    })
    expect(events).toHaveLength(2)
    expect(events[0]).toEqual({
      type: 'update',
      channel: `devices:${id}`,
      event: 'telemetry',
      data: {
        deviceId: id,
        readings: [{ metric: 'temperature', value: 21.5, recordedAt: '2026-11-22T10:30:00.000Z' }],
        latest: { temperature: { value: 21.5, recordedAt: '2026-11-22T10:30:00.000Z' } },
      },
      timestamp: '2026-11-22T10:30:50.000Z',
    })
    // The realtime channel source sends the same latest values first on subscribe.
    const snapshot = await t.app.analytics.channelSource.snapshot(t.acme.organization.id, id)
    expect(snapshot).toMatchObject({ deviceId: id, metrics: { temperature: { value: 21.5 } } })
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    expect(await t.app.analytics.channelSource.snapshot(globex.organization.id, id)).toBeUndefined()
  })

  it('rejects bad values with field details and keeps the rest', async () => {
    const { t, id, post, events } = await withDevice()
    const readings = [
      {
        metrics: { temperature: 21, humidity: 'high', pressure: null },
        recordedAt: at('10:30:00'),
      },
      { metrics: { temperature: 22 }, recordedAt: at('10:45:00') }, // 14 minutes ahead
      { metrics: { temperature: 23 }, recordedAt: 'yesterday' },
      ...Array.from({ length: 100 }, (_, i) => ({
        metrics: { temperature: i },
        recordedAt: at('10:20:00'),
      })),
    ]
    const res = await post({ readings })
    expect(res.status).toBe(201)
    // 1 from the first reading, 97 of the 100 filler readings inside the batch limit.
    expect(res.body.data.accepted).toBe(98)
    expect(res.body.data.rejected).toEqual([
      { field: 'readings[0].metrics.humidity', message: 'Expected a finite number' },
      { field: 'readings[0].metrics.pressure', message: 'Expected a finite number' },
      { field: 'readings[1].recordedAt', message: 'More than 5 minutes ahead of the server clock' },
      { field: 'readings[2].recordedAt', message: 'Expected an ISO 8601 date-time' },
      { field: 'readings[100]', message: 'Beyond the batch limit of 100 readings' },
      { field: 'readings[101]', message: 'Beyond the batch limit of 100 readings' },
      { field: 'readings[102]', message: 'Beyond the batch limit of 100 readings' },
    ])
    const stored = await t.app.analytics.ctx.db
      .selectFrom('telemetry_readings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(98)
    expect(events).toHaveLength(1)
  })

  it('keeps the batch when one reading has no usable date; refuses a body of neither shape', async () => {
    const { post } = await withDevice()
    const res = await post({
      readings: [
        { metrics: { temperature: 1 }, recordedAt: 5 },
        { metrics: { temperature: 2 }, recordedAt: at('10:30:00') },
      ],
    })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({
      accepted: 1,
      rejected: [{ field: 'readings[0].recordedAt', message: 'Expected an ISO 8601 date-time' }],
    })
    const empty = await post({})
    expect(empty.status).toBe(422)
    expect(empty.body.error.details).toEqual([
      { field: 'metrics', message: 'Send metrics, or readings' },
    ])
    const both = await post({ metrics: { t: 1 }, recordedAt: at('10:30:00'), readings: [] })
    expect(both.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'readings',
      'readings',
    ])
    // Without recordedAt a reading is stamped with the time it arrived (not rejected).
    const undated = await post({ metrics: { temperature: 3 } })
    expect(undated.status).toBe(201)
    expect(undated.body.data).toMatchObject({ accepted: 1, rejected: [] })
  })

  it('answers 422 with the details when no value is good, and stores nothing', async () => {
    const { t, id, post, events } = await withDevice()
    const res = await post({ metrics: { temperature: '21' }, recordedAt: at('10:30:00') })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'readings[0].metrics.temperature', message: 'Expected a finite number' }],
    })
    expect(events).toEqual([])
    const agg = await aggregates(t, id, '1m')
    expect(agg.body.data).toMatchObject({ cached: false, metrics: {} })
  })

  it("refuses another organization's device (404) for telemetry and aggregates", async () => {
    const { t, id, post } = await withDevice()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const res = await post(
      { metrics: { temperature: 1 }, recordedAt: at('10:30:00') },
      globex.headers,
    )
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
    expect((await aggregates(t, id, '1m', globex.headers)).status).toBe(404)
    const readOnly = await createTenant(t.store, t.clock, { name: 'Readers', scopes: ['read'] })
    const denied = await call(t, 'POST', `/v1/devices/${id}/telemetry`, {
      headers: readOnly.headers,
      body: { metrics: { temperature: 1 }, recordedAt: at('10:30:00') },
    })
    expect(denied.status).toBe(403)
  })
})

describe('telemetry without recordedAt', () => {
  it('stamps a reading without recordedAt with the time it arrived', async () => {
    const { t, id, post } = await withDevice()
    expect((await post({ metrics: { temperature: -18 } })).status).toBe(201)
    const cached = JSON.parse((await t.cache.get(latestKey(id))) ?? '{}')
    expect(cached.metrics).toEqual({
      temperature: { value: -18, recordedAt: new Date(t.clock.now()).toISOString() },
    })
  })
})
