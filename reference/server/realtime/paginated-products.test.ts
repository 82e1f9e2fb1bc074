import { afterEach, describe, expect, it } from 'vitest'
import { createProduct } from '../testing/supply-chain.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { PKG } from './protocol.ts'

let t: RealtimeTestApp
afterEach(async () => {
  await t.stop()
})

describe('pkg_id 2 GET_PAGINATED_PRODUCTS', () => {
  it('answers one page by name with meta {page, per_page, total, pages}', async () => {
    t = await startRealtimeApp()
    for (let i = 1; i <= 42; i++)
      await createProduct(t, t.acme.headers, { name: `Part ${String(i).padStart(2, '0')}` })
    const client = await t.connect(t.acme.key)

    const first = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 1, per_page: 20 })
    expect(first).toMatchObject({
      pkg_id: 2,
      status_code: 0,
      meta: { page: 1, per_page: 20, total: 42, pages: 3 },
    })
    expect(first.data).toHaveLength(20)
    expect(first.data[0].name).toBe('Part 01')

    const last = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 3, per_page: 20 })
    expect(last.data.map((p: { name: string }) => p.name)).toEqual(['Part 41', 'Part 42'])
    const beyond = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 9, per_page: 20 })
    expect(beyond).toMatchObject({
      status_code: 0,
      data: [],
      meta: { page: 9, total: 42, pages: 3 },
    })
    // Defaults: page 1, 20 a page.
    expect((await client.request(PKG.GET_PAGINATED_PRODUCTS, {})).meta).toEqual({
      page: 1,
      per_page: 20,
      total: 42,
      pages: 3,
    })
  })

  it('answers status 2 for a page below 1 or more than 100 a page', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    const zero = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 0, per_page: 20 })
    expect(zero).toMatchObject({ status_code: 2, msg: 'Invalid data' })
    expect(zero.data[0].field).toBe('data.page')
    const big = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 1, per_page: 101 })
    expect(big.data[0].field).toBe('data.per_page')
  })

  it('answers status 1 "Database error occurred" when the store fails', async () => {
    t = await startRealtimeApp()
    const client = await t.connect(t.acme.key)
    await client.request(PKG.GET_PAGINATED_PRODUCTS, {})
    t.store.setSimulatedOutage(true)
    const answer = await client.request(PKG.GET_PAGINATED_PRODUCTS, { page: 1, per_page: 5 })
    t.store.setSimulatedOutage(false)
    expect(answer).toEqual({
      pkg_id: 2,
      req_id: answer.req_id,
      status_code: 1,
      msg: 'Database error occurred',
    })
  })
})
