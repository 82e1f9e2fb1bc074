import { afterEach, describe, expect, it } from 'vitest'
import { PKG } from '../../realtime/protocol.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../../testing/realtime.ts'
import { call } from '../../testing/supply-chain.ts'
import { createTenant } from '../../testing/test-app.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

describe('devices:{id} over the WebSocket endpoint', () => {
  it('sends the latest metrics first, then each telemetry push; refuses other organizations', async () => {
    t = await startRealtimeApp()
    const headers = t.acme.headers
    const id = (await call(t, 'POST', '/v1/devices', { headers, body: { name: 'Dock sensor' } }))
      .body.data.id as string
    const post = (temperature: number) =>
      call(t, 'POST', `/v1/devices/${id}/telemetry`, {
        headers,
        body: { metrics: { temperature }, recordedAt: '2026-11-22T09:59:00Z' },
      })
    await post(19.5)
    const dashboard = await t.connect(t.acme.key)
    const channel = `devices:${id}`
    const answer = await dashboard.request(PKG.SUBSCRIBE, { channel })
    expect(answer).toMatchObject({ status_code: 0, data: { channel } })
    expect(answer.data.state).toMatchObject({
      deviceId: id,
      metrics: { temperature: { value: 19.5, recordedAt: '2026-11-22T09:59:00.000Z' } },
    })

    expect((await post(21)).status).toBe(201)
    const update = await dashboard.next((m) => m.type === 'update')
    expect(update).toEqual({
      type: 'update',
      channel,
      event: 'telemetry',
      data: {
        deviceId: id,
        readings: [{ metric: 'temperature', value: 21, recordedAt: '2026-11-22T09:59:00.000Z' }],
        latest: { temperature: { value: 21, recordedAt: '2026-11-22T09:59:00.000Z' } },
      },
      timestamp: '2026-11-22T10:00:00.000Z',
    })

    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const outsider = await t.connect(globex.key)
    expect(await outsider.request(PKG.SUBSCRIBE, { channel })).toMatchObject({ status_code: 3 })
  })
})
