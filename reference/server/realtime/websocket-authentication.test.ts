import { afterEach, describe, expect, it } from 'vitest'
import { seed } from '../services/seed.ts'
import { createActiveUser, login } from '../testing/auth.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

describe('GET /web: authentication', () => {
  it('closes with 1008 when the token is missing', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(undefined)
    expect(await client.closed).toEqual({ code: 1008, reason: 'Invalid or expired token' })
  })

  it('closes with 1008 when the token is not valid', async () => {
    t = await startRealtimeApp()
    const forged = `${t.acme.key.slice(0, -4)}XXXX`
    const client = await t.connect(forged)
    expect((await client.closed).code).toBe(1008)
    const garbage = await t.connect('not-a-token')
    expect((await garbage.closed).code).toBe(1008)
  })

  it('closes with 1008 when the access token has expired', async () => {
    t = await startRealtimeApp({ config: { rateLimitProfile: 'bench' } })
    const user = await createActiveUser(t, 'member')
    const tokens = await login(t, user.email)
    t.clock.advance((tokens.expires_in + 1) * 1000)
    const client = await t.connect(tokens.access_token)
    expect(await client.closed).toEqual({ code: 1008, reason: 'Invalid or expired token' })
  })

  it("closes with 1008 when the caller's organization is suspended", async () => {
    t = await startRealtimeApp()
    await t.store.db
      .updateTable('organizations')
      .set({ status: 'suspended' })
      .where('id', '=', t.acme.organization.id)
      .execute()
    const client = await t.connect(t.acme.key)
    expect(await client.closed).toEqual({ code: 1008, reason: 'Organization suspended' })
  })

  it('accepts the dev API key the start-up banner prints', async () => {
    t = await startRealtimeApp()
    const { devApiKey } = await seed(t.store, t.config, t.clock)
    const client = await t.connect(devApiKey)
    expect(await client.request(PKG.GET_PRODUCTS, { filters: { name: 'x' } })).toMatchObject({
      pkg_id: 1,
      status_code: 0,
      data: [],
    })
  })

  it('accepts an API key and an OAuth access token, and serves packages on both', async () => {
    t = await startRealtimeApp({ config: { rateLimitProfile: 'bench' } })
    const byKey = await t.connect(t.acme.key)
    expect(byKey.ws.readyState).toBe(byKey.ws.OPEN)
    expect((await byKey.request(PKG.GET_PRODUCTS, { filters: {} })).status_code).toBe(0)

    const user = await createActiveUser(t, 'viewer')
    const tokens = await login(t, user.email)
    const byToken = await t.connect(tokens.access_token)
    const answer = await byToken.request(PKG.GET_PAGINATED_PRODUCTS, { page: 1, per_page: 5 })
    expect(answer).toMatchObject({ pkg_id: 2, status_code: 0, data: [] })
  })
})
