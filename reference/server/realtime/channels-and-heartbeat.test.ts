import { afterEach, describe, expect, it, vi } from 'vitest'
import { createActiveUser, login } from '../testing/auth.ts'
import { body, createTenant } from '../testing/test-app.ts'
import {
  shipmentOf,
  startRealtimeApp,
  type RealtimeTestApp,
  type TestClient,
} from '../testing/realtime.ts'
import { PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

const subscribe = (client: TestClient, channel: string) =>
  client.request(PKG.SUBSCRIBE, { channel })

/** Waits until the client has seen `count` heartbeat pings from the server. */
const pings = (client: TestClient, count: number) =>
  new Promise<void>((resolve) => {
    let seen = 0
    const onPing = () => {
      if (++seen < count) return
      client.ws.off('ping', onPing)
      resolve()
    }
    client.ws.on('ping', onPing)
  })

describe('channels: subscribe, current state, pushed updates', () => {
  it('sends the current state first, then {type: "update"} messages from shipment tracking', async () => {
    t = await startRealtimeApp()
    const { shipmentId, track } = await shipmentOf(t)
    const client = await t.connect(t.acme.key)
    const channel = `shipments:${shipmentId}`

    const answer = await subscribe(client, channel)
    expect(answer).toMatchObject({ pkg_id: 3, status_code: 0, data: { channel } })
    expect(answer.data.state).toMatchObject({ id: shipmentId, status: 'pending', history: [] })

    const posted = await track({
      eventId: 'evt-1',
      status: 'in_transit',
      location: 'Rotterdam hub',
      occurredAt: '2026-11-22T09:00:00Z',
    })
    expect(posted.status).toBe(201)
    const update = await client.next((m) => m.type === 'update')
    expect(update).toEqual({
      type: 'update',
      channel,
      event: 'status_changed',
      data: {
        shipmentId,
        orderId: expect.any(String),
        status: 'in_transit',
        location: 'Rotterdam hub',
        occurredAt: '2026-11-22T09:00:00.000Z',
      },
      timestamp: '2026-11-22T10:00:00.000Z',
    })
    // The state answer came before the update.
    expect(client.messages.indexOf(answer)).toBeLessThan(client.messages.indexOf(update))

    expect(await client.request(PKG.UNSUBSCRIBE, { channel })).toMatchObject({
      pkg_id: 4,
      status_code: 0,
      data: { channel },
    })
    expect(t.app.realtime.subscribers(channel)).toBe(0)
    await track({
      eventId: 'evt-2',
      status: 'out_for_delivery',
      location: 'Utrecht',
      occurredAt: '2026-11-22T09:30:00Z',
    })
    // A round trip after the second event: had it been pushed, it would have arrived first.
    await client.request(PKG.GET_PRODUCTS, {})
    expect(client.messages.filter((m) => m.type === 'update')).toHaveLength(1)
  })

  it("refuses another organization's shipment and a missing one alike, with status 3", async () => {
    t = await startRealtimeApp()
    const { shipmentId } = await shipmentOf(t)
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const outsider = await t.connect(globex.key)
    const foreign = await subscribe(outsider, `shipments:${shipmentId}`)
    const missing = await subscribe(outsider, 'shipments:shp_doesnotexist000')
    expect(foreign).toMatchObject({ status_code: 3, msg: 'Permission denied' })
    expect({ ...missing, req_id: foreign.req_id }).toEqual(foreign)
    expect(t.app.realtime.subscribers(`shipments:${shipmentId}`)).toBe(0)
  })

  it('answers status 1 "Database error occurred" when the state cannot be read', async () => {
    t = await startRealtimeApp()
    const { shipmentId } = await shipmentOf(t)
    const client = await t.connect(t.acme.key)
    const channel = `shipments:${shipmentId}`
    await subscribe(client, channel) // loads the permissions into the cache
    await client.request(PKG.UNSUBSCRIBE, { channel })
    t.store.setSimulatedOutage(true)
    const answer = await subscribe(client, channel)
    t.store.setSimulatedOutage(false)
    expect(answer).toMatchObject({ pkg_id: 3, status_code: 1, msg: 'Database error occurred' })
    expect(t.app.realtime.subscribers(channel)).toBe(0)
  })

  it('answers status 2 for an unknown channel family or a malformed name', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    expect(await subscribe(client, 'weather:ams')).toMatchObject({
      status_code: 2,
      msg: 'Unknown channel family',
    })
    expect(await subscribe(client, 'no-colon')).toMatchObject({
      status_code: 2,
      msg: 'Invalid data',
    })
  })

  it("answers status 3 when the credential lacks the family's read scope", async () => {
    t = await startRealtimeApp()
    const { shipmentId } = await shipmentOf(t)
    const writer = await createTenant(t.store, t.clock, { name: 'Initech', scopes: ['write'] })
    const client = await t.connect(writer.key)
    expect(await subscribe(client, `shipments:${shipmentId}`)).toMatchObject({
      status_code: 3,
      msg: 'Permission denied',
    })
  })
})

describe('heartbeat and idle timeout', () => {
  it('pings every interval and closes a socket silent for 30 s with 1000; a ponging one stays', async () => {
    t = await startRealtimeApp()
    const alive = await t.connect(t.acme.key)
    // This client never answers pings, like a peer that went away without closing.
    const silent = await t.connect(t.acme.key, { autoPong: false })
    await alive.request(PKG.GET_PRODUCTS, {})
    await silent.request(PKG.GET_PRODUCTS, {})
    for (let second = 0; second < 35; second += 5) {
      t.clock.advance(5_000)
      await pings(alive, 2)
    }
    expect(await silent.closed).toEqual({ code: 1000, reason: 'Idle timeout' })
    expect(alive.ws.readyState).toBe(alive.ws.OPEN)
    expect(t.app.realtime.connections()).toHaveLength(1)
  })

  it('closes a socket with 1008 at the next heartbeat once its access token expires', async () => {
    t = await startRealtimeApp({ config: { rateLimitProfile: 'bench' } })
    const user = await createActiveUser(t, 'viewer')
    const tokens = await login(t, user.email)
    const client = await t.connect(tokens.access_token)
    expect((await client.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    await pings(client, 2) // re-verified and still valid: pinged
    t.clock.advance((tokens.expires_in + 1) * 1000)
    // Expiry wins over the idle timeout, which the same clock jump also passes.
    expect(await client.closed).toEqual({ code: 1008, reason: 'Invalid or expired token' })
    await vi.waitFor(() => expect(t.app.realtime.connections()).toHaveLength(0))
  })

  it('closes a socket with 1008 once its API key is revoked; other sockets stay', async () => {
    t = await startRealtimeApp()
    const json = { ...t.acme.headers, 'content-type': 'application/json' }
    const created = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'dashboard', scopes: ['read'] }),
    })
    const { data: key } = await body(created)
    const doomed = await t.connect(key.key)
    const other = await t.connect(t.acme.key)
    expect((await doomed.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    const revoked = await t.app.request(`/v1/api-keys/${key.id}`, {
      method: 'DELETE',
      headers: t.acme.headers,
    })
    expect(revoked.status).toBe(200)
    expect(await doomed.closed).toEqual({ code: 1008, reason: 'Invalid or expired token' })
    await pings(other, 2)
    expect(other.ws.readyState).toBe(other.ws.OPEN)
  })

  it('closes every socket with 1001 when the server shuts down', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    await client.request(PKG.GET_PRODUCTS, {})
    await t.running.close()
    expect(await client.closed).toEqual({ code: 1001, reason: 'Server shutting down' })
  })
})
