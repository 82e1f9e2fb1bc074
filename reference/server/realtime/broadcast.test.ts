import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { call } from '../testing/supply-chain.ts'
import { createTenant } from '../testing/test-app.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { publishBroadcast } from './broadcast.ts'
import { BROADCAST_REQ_ID, PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

const isBroadcast = (m: { req_id?: string }) => m.req_id === BROADCAST_REQ_ID

describe('broadcast', () => {
  it("POST /v1/realtime/broadcast reaches every socket of the admin's organization only", async () => {
    t = await startRealtimeApp()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const a1 = await t.connect(t.acme.key)
    const a2 = await t.connect(t.acme.key)
    const g1 = await t.connect(globex.key)
    for (const c of [a1, a2, g1]) await c.request(PKG.GET_PRODUCTS, {})

    const res = await call(t, 'POST', '/v1/realtime/broadcast', {
      headers: t.acme.headers,
      body: { data: { notice: 'Maintenance at 22:00' } },
    })
    expect(res.status).toBe(202)
    expect(res.body.data).toEqual({
      channel: `broadcast:${t.acme.organization.id}`,
      pkg_id: 100,
      req_id: BROADCAST_REQ_ID,
    })
    for (const c of [a1, a2])
      expect(await c.next(isBroadcast)).toEqual({
        pkg_id: 100,
        req_id: '00000000-0000-0000-0000-000000000000',
        data: { notice: 'Maintenance at 22:00' },
      })
    await g1.request(PKG.GET_PRODUCTS, {})
    expect(g1.messages.filter(isBroadcast)).toHaveLength(0)

    const all = await call(t, 'POST', '/v1/realtime/broadcast', {
      headers: t.acme.headers,
      body: { pkg_id: 1, data: { refreshed: 'products' }, audience: 'all' },
    })
    expect(all.body.data.channel).toBe('broadcast')
    expect(await g1.next(isBroadcast)).toEqual({
      pkg_id: 1,
      req_id: BROADCAST_REQ_ID,
      data: { refreshed: 'products' },
    })
  })

  it('is admin only, and refuses audience "all" in production', async () => {
    t = await startRealtimeApp()
    const member = await createTenant(t.store, t.clock, {
      name: 'Umbrella',
      role: 'member',
      scopes: ['read', 'write'],
    })
    const denied = await call(t, 'POST', '/v1/realtime/broadcast', {
      headers: member.headers,
      body: { data: {} },
    })
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('INSUFFICIENT_SCOPE')
    const invalid = await call(t, 'POST', '/v1/realtime/broadcast', {
      headers: t.acme.headers,
      body: { data: 'text' },
    })
    expect(invalid.status).toBe(422)

    const prod = await startRealtimeApp({ config: { mode: 'production' } })
    try {
      const tenant = await createTenant(prod.store, prod.clock, { name: 'Prod' })
      const res = await call(prod, 'POST', '/v1/realtime/broadcast', {
        headers: tenant.headers,
        body: { data: {}, audience: 'all' },
      })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    } finally {
      await prod.stop()
    }
  })

  it('drops a socket killed mid-send; every other socket still receives the message', async () => {
    t = await startRealtimeApp()
    const clients = []
    for (let i = 0; i < 4; i++) clients.push(await t.connect(t.acme.key))
    for (const c of clients) await c.request(PKG.GET_PRODUCTS, {})
    const [victim] = t.app.realtime.connections()
    if (victim === undefined) throw new Error('no connection')
    // Kill the TCP socket under the WebSocket and broadcast in the same tick: ws still thinks it
    // is open, and the write fails during the broadcast.
    ;(victim.socket as unknown as { _socket: Socket })._socket.destroy()
    publishBroadcast(t.app.services.events, t.clock, { pkg_id: 100, data: { n: 1 } })

    const received = await Promise.all(
      clients.map((c) =>
        Promise.race([
          c.next(isBroadcast, 2000).then(() => 'received'),
          c.closed.then(() => 'closed'),
        ]),
      ),
    )
    expect(received.filter((r) => r === 'received')).toHaveLength(3)
    expect(received.filter((r) => r === 'closed')).toHaveLength(1)
    expect(t.app.realtime.connections().map((c) => c.id)).not.toContain(victim.id)
    expect(t.app.realtime.connections()).toHaveLength(3)
    // Its slot is free again: a fifth and sixth connection are admitted (limit 5).
    const fresh = await t.connect(t.acme.key)
    const another = await t.connect(t.acme.key)
    expect((await fresh.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    expect((await another.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
  })
})
