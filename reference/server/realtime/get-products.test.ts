import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createProduct } from '../testing/supply-chain.ts'
import { createTenant } from '../testing/test-app.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

const names = (answer: { data: Array<{ name: string }> }) => answer.data.map((p) => p.name)

describe('pkg_id 1 GET_PRODUCTS', () => {
  it("answers the caller's products whose name matches, ignoring case", async () => {
    t = await startRealtimeApp()
    for (const name of ['Hex Bolt M8', 'hex nut', 'Washer', '100% Cotton Rag', 'Rag_Bag'])
      await createProduct(t, t.acme.headers, { name })
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    await createProduct(t, globex.headers, { name: 'HEX Key (Globex)' })
    const client = await t.connect(t.acme.key)

    const hex = await client.request(PKG.GET_PRODUCTS, { filters: { name: 'HEX' } })
    expect(hex).toMatchObject({ pkg_id: 1, status_code: 0 })
    expect(names(hex)).toEqual(['Hex Bolt M8', 'hex nut'])
    expect(Object.keys(hex.data[0] as object)).toContain('quantityOnHand')
    // LIKE wildcards in the filter match literally.
    expect(names(await client.request(PKG.GET_PRODUCTS, { filters: { name: '%' } }))).toEqual([
      '100% Cotton Rag',
    ])
    expect(names(await client.request(PKG.GET_PRODUCTS, { filters: { name: '_' } }))).toEqual([
      'Rag_Bag',
    ])
    expect(await client.request(PKG.GET_PRODUCTS, {})).toMatchObject({ status_code: 0 })
    expect(names(await client.request(PKG.GET_PRODUCTS, {}))).toHaveLength(5)
  })

  it('answers status 2 to malformed JSON, a bad envelope, an unknown pkg_id or a binary frame', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    client.send('{not json')
    expect(await client.next((m) => m.msg === 'Malformed JSON')).toEqual({
      pkg_id: null,
      req_id: null,
      status_code: 2,
      msg: 'Malformed JSON',
    })
    client.send(JSON.stringify({ pkg_id: 1, req_id: 'not-a-uuid', data: {} }))
    expect(await client.next((m) => m.req_id === 'not-a-uuid')).toMatchObject({
      pkg_id: 1,
      status_code: 2,
      msg: 'Invalid request: expected {pkg_id: integer, req_id: UUID, data}',
    })
    // A pkg_id that is not an integer is not echoed: the response's pkg_id is integer or null.
    client.send(JSON.stringify({ pkg_id: 1.5, req_id: 'fractional', data: {} }))
    expect(await client.next((m) => m.req_id === 'fractional')).toMatchObject({
      pkg_id: null,
      status_code: 2,
    })
    expect(await client.request(99, {})).toMatchObject({
      pkg_id: 99,
      status_code: 2,
      msg: 'Unknown pkg_id 99',
    })
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await client.next((m) => String(m.msg).startsWith('Binary'))).toMatchObject({
      status_code: 2,
    })
    expect(client.ws.readyState).toBe(client.ws.OPEN)
  })

  it('answers status 2 "Invalid data" with the fields when data breaks the schema', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    const answer = await client.request(PKG.GET_PRODUCTS, { filters: { name: 42 } })
    expect(answer).toMatchObject({ pkg_id: 1, status_code: 2, msg: 'Invalid data' })
    expect(answer.data[0].field).toBe('data.filters.name')
    const extra = await client.request(PKG.GET_PRODUCTS, { filters: {}, sort: 'name' })
    expect(extra).toMatchObject({ status_code: 2, msg: 'Invalid data' })
  })

  it('answers status 3 when the credential lacks products:read', async () => {
    t = await startRealtimeApp()
    const writer = await createTenant(t.store, t.clock, { name: 'Initech', scopes: ['write'] })
    const client = await t.connect(writer.key)
    expect(await client.request(PKG.GET_PRODUCTS, {})).toMatchObject({
      pkg_id: 1,
      status_code: 3,
      msg: 'Permission denied',
    })
  })

  it('answers status 1 "Rate limit exceeded" past the per-user rate and keeps the socket open', async () => {
    t = await startRealtimeApp({ realtime: { messagesPerMinute: 3, idleTimeoutMs: 3_600_000 } })
    const client = await t.connect(t.acme.key)
    const second = await t.connect(t.acme.key)
    for (let i = 0; i < 3; i++)
      expect((await client.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
    // The limit is per user: the same user's other socket shares it.
    expect(await second.request(PKG.GET_PRODUCTS, {})).toMatchObject({
      status_code: 1,
      msg: 'Rate limit exceeded',
    })
    expect(client.ws.readyState).toBe(client.ws.OPEN)
    t.clock.advance(60_001)
    expect((await client.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
  })

  it('answers status 1 "Database error occurred" when the store fails', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    await client.request(PKG.GET_PRODUCTS, {}) // loads the permissions into the cache
    t.store.setSimulatedOutage(true)
    const answer = await client.request(PKG.GET_PRODUCTS, { filters: { name: 'a' } })
    t.store.setSimulatedOutage(false)
    expect(answer).toMatchObject({ status_code: 1, msg: 'Database error occurred' })
    expect(JSON.stringify(answer)).not.toMatch(/select|sqlite/i)
  })

  it('closes a socket that sends an oversized frame with 1009; other sockets carry on', async () => {
    t = await startRealtimeApp({ realtime: { maxMessageBytes: 1024 } })
    const abuser = await t.connect(t.acme.key)
    const bystander = await t.connect(t.acme.key)
    abuser.send(
      JSON.stringify({
        pkg_id: 1,
        req_id: randomUUID(),
        data: { filters: { name: 'x'.repeat(2000) } },
      }),
    )
    expect((await abuser.closed).code).toBe(1009)
    expect((await bystander.request(PKG.GET_PRODUCTS, {})).status_code).toBe(0)
  })
})
