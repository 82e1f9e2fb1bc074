import { afterEach, describe, expect, it } from 'vitest'
import { createTenant } from '../testing/test-app.ts'
import { openClient, startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { createMemoryConnectionCounter } from './connection-counter.ts'
import { PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

const metric = async (t: RealtimeTestApp, line: string) => {
  const text = await (await fetch(`${t.running.url}/metrics`)).text()
  return text.split('\n').find((l) => l.startsWith(line))
}

describe('GET /web: connection limit per user', () => {
  it('closes the 6th connection of one user with 1008; other users are not affected', async () => {
    t = await startRealtimeApp()
    const five = []
    for (let i = 0; i < 5; i++) five.push(await t.connect(t.acme.key))
    // Each of the five is admitted (its package is answered) before the sixth arrives.
    for (const client of five)
      expect((await client.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    const sixth = await t.connect(t.acme.key)
    expect(await sixth.closed).toEqual({ code: 1008, reason: 'Connection limit exceeded' })
    for (const client of five) expect(client.ws.readyState).toBe(client.ws.OPEN)

    const other = await createTenant(t.store, t.clock, { name: 'Globex' })
    const globex = await t.connect(other.key)
    expect((await globex.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    expect(await metric(t, 'blueround_ws_connections')).toBe('blueround_ws_connections 6')
    expect(await metric(t, 'blueround_ws_closes_total{code="1008"}')).toBe(
      'blueround_ws_closes_total{code="1008"} 1',
    )
  })

  it('admits exactly 5 of 20 simultaneous connects by one user', async () => {
    t = await startRealtimeApp()
    const url = `${t.wsUrl}?token=${t.acme.key}`
    const clients = await Promise.all(Array.from({ length: 20 }, () => openClient(url)))
    const outcomes = await Promise.all(
      clients.map((client) =>
        Promise.race([
          client.closed.then((c) => c.code),
          client.request(PKG.GET_PRODUCTS, {}).then(() => 'open' as const),
        ]),
      ),
    )
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(5)
    expect(outcomes.filter((o) => o === 1008)).toHaveLength(15)
    expect(t.app.realtime.connections()).toHaveLength(5)
    for (const client of clients) client.ws.terminate()
  })

  it('frees the slot as soon as a socket closes', async () => {
    t = await startRealtimeApp({ realtime: { maxConnectionsPerUser: 1 } })
    const first = await t.connect(t.acme.key)
    expect((await first.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    first.ws.close()
    await first.closed
    // No heartbeat or timer in between: the close handler released the slot.
    const second = await t.connect(t.acme.key)
    expect((await second.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
  })
})

describe('the memory connection counter', () => {
  it('admits up to the limit, ignores repeats and unknown releases', async () => {
    const counter = createMemoryConnectionCounter()
    expect(await counter.acquire('u', 'a', 2)).toBe(true)
    expect(await counter.acquire('u', 'a', 2)).toBe(true)
    expect(await counter.acquire('u', 'b', 2)).toBe(true)
    expect(await counter.acquire('u', 'c', 2)).toBe(false)
    await counter.release('u', 'zzz')
    await counter.release('u', 'a')
    expect(await counter.count('u')).toBe(1)
    expect(await counter.acquire('u', 'c', 2)).toBe(true)
  })
})
