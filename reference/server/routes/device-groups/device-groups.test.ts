import { describe, expect, it } from 'vitest'
import { groupStatusKey } from '../../services/telemetry/windows.ts'
import { createTenant, createTestApp } from '../../testing/test-app.ts'
import { call } from '../../testing/supply-chain.ts'

const NOW = Date.parse('2026-11-22T10:30:00Z')

const setup = async () => {
  const t = await createTestApp()
  t.clock.set(NOW)
  const headers = t.acme.headers
  const device = async (name: string) =>
    (await call(t, 'POST', '/v1/devices', { headers, body: { name } })).body.data.id as string
  const a = await device('A')
  const b = await device('B')
  const c = await device('C')
  const telemetry = (id: string, metrics: Record<string, number>, recordedAt: string) =>
    call(t, 'POST', `/v1/devices/${id}/telemetry`, { headers, body: { metrics, recordedAt } })
  const status = (id: string) => call(t, 'GET', `/v1/device-groups/${id}/status`, { headers })
  return { t, headers, a, b, c, telemetry, status }
}

describe('/v1/device-groups', () => {
  it('creates a group, aggregates its status and serves it from the cache', async () => {
    const { t, headers, a, b, c, telemetry, status } = await setup()
    await telemetry(a, { temperature: 4, humidity: 80 }, '2026-11-22T10:29:00Z')
    await telemetry(b, { temperature: 6 }, '2026-11-22T10:29:30Z')
    t.clock.advance(10 * 60_000) // a and b are now stale...
    await telemetry(b, { temperature: 8 }, '2026-11-22T10:39:00Z') // ...but b posts again
    const created = await call(t, 'POST', '/v1/device-groups', {
      headers,
      body: { name: 'Cold rooms', deviceIds: [a, b, c] },
    })
    expect(created.status).toBe(201)
    const id = created.body.data.id as string
    expect(created.body.data).toMatchObject({ name: 'Cold rooms', deviceIds: [a, b, c].sort() })

    const first = await status(id)
    expect(first.status).toBe(200)
    expect(first.body.data).toMatchObject({
      groupId: id,
      cached: false,
      summary: {
        devices: 3,
        online: 1,
        stale: 1,
        noData: 1,
        metrics: {
          temperature: { count: 2, min: 4, max: 8, mean: 6 },
          humidity: { count: 1, min: 80, max: 80, mean: 80 },
        },
      },
    })
    const health = Object.fromEntries(
      first.body.data.devices.map((d: { id: string; health: string }) => [d.id, d.health]),
    )
    expect(health).toEqual({ [a]: 'stale', [b]: 'online', [c]: 'no_data' })
    expect(await t.cache.get(groupStatusKey(id))).toBeDefined()
    const second = await status(id)
    expect(second.body.data).toMatchObject({ cached: true, summary: first.body.data.summary })
  })

  it('drops the cached status when members change or post telemetry', async () => {
    const { t, headers, a, b, telemetry, status } = await setup()
    const id = (
      await call(t, 'POST', '/v1/device-groups', { headers, body: { name: 'G', deviceIds: [a] } })
    ).body.data.id as string
    expect((await status(id)).body.data.summary.devices).toBe(1)
    const added = await call(t, 'POST', `/v1/device-groups/${id}/members`, {
      headers,
      body: { deviceIds: [b, b] },
    })
    expect(added.status).toBe(200)
    expect(added.body.data.deviceIds).toEqual([a, b].sort())
    expect(await t.cache.get(groupStatusKey(id))).toBeUndefined()
    const after = await status(id)
    expect(after.body.data).toMatchObject({ cached: false, summary: { devices: 2 } })

    await telemetry(b, { temperature: 5 }, '2026-11-22T10:29:50Z')
    const fresh = await status(id)
    expect(fresh.body.data).toMatchObject({
      cached: false,
      summary: { online: 1, metrics: { temperature: { count: 1, mean: 5 } } },
    })

    const removed = await call(t, 'DELETE', `/v1/device-groups/${id}/members/${b}`, { headers })
    expect(removed.status).toBe(200)
    expect(removed.body.data.deviceIds).toEqual([a])
    const last = await status(id)
    expect(last.body.data).toMatchObject({ cached: false, summary: { devices: 1, metrics: {} } })
  })

  it("refuses devices of another organization (422) and hides other organizations' groups (404)", async () => {
    const { t, headers, a } = await setup()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const theirs = (
      await call(t, 'POST', '/v1/devices', { headers: globex.headers, body: { name: 'X' } })
    ).body.data.id as string
    const refused = await call(t, 'POST', '/v1/device-groups', {
      headers,
      body: { name: 'G', deviceIds: [a, theirs] },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details).toEqual([
      { field: 'deviceIds.1', message: `No device ${theirs} in your organization` },
    ])
    const id = (await call(t, 'POST', '/v1/device-groups', { headers, body: { name: 'G' } })).body
      .data.id as string
    const addTheirs = await call(t, 'POST', `/v1/device-groups/${id}/members`, {
      headers,
      body: { deviceIds: [theirs] },
    })
    expect(addTheirs.status).toBe(422)
    // Removing another organization's device from one's own group is 404, not a silent 200.
    const removeTheirs = await call(t, 'DELETE', `/v1/device-groups/${id}/members/${theirs}`, {
      headers,
    })
    expect(removeTheirs.status).toBe(404)
    expect(removeTheirs.body.error.code).toBe('NOT_FOUND')
    for (const [method, path] of [
      ['GET', `/v1/device-groups/${id}`],
      ['GET', `/v1/device-groups/${id}/status`],
      ['DELETE', `/v1/device-groups/${id}/members/${a}`],
    ] as const)
      expect((await call(t, method, path, { headers: globex.headers })).status).toBe(404)
  })
})
