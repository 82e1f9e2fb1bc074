import { afterEach, describe, expect, it } from 'vitest'
import { listen, type RunningServer } from '../../server.ts'
import { inventoryCacheKey } from '../../services/supply-chain/inventory.ts'
import { createTenant, createTestApp, type TestApp } from '../../testing/test-app.ts'
import { call, captureMail, createProduct, notifications } from '../../testing/supply-chain.ts'

const scan = (t: TestApp, barcode: string, quantityDelta: number, headers = t.acme.headers) =>
  call(t, 'POST', '/v1/inventory/scans', { headers, body: { barcode, quantityDelta } })

let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('POST /v1/inventory/scans', () => {
  it('adds stock, records the scan and refreshes the inventory cache', async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers, { reorderLevel: 5 })
    const res = await call(t, 'POST', '/v1/inventory/scans', {
      headers: t.acme.headers,
      body: { barcode: product.barcode, quantityDelta: 40, location: 'Aisle 4' },
    })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({
      productId: product.id,
      quantityOnHand: 40,
      reorderLevel: 5,
      belowReorderLevel: false,
      location: 'Aisle 4',
    })
    const cached = await t.cache.get(inventoryCacheKey(t.acme.organization.id, product.id))
    expect(JSON.parse(cached ?? '{}')).toMatchObject({ quantityOnHand: 40 })
    const scans = await t.app.supplyChain.ctx.db.selectFrom('inventory_scans').selectAll().execute()
    expect(scans).toMatchObject([{ quantity_delta: 40, quantity_after: 40, location: 'Aisle 4' }])
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect(got.body.data).toMatchObject({ quantityOnHand: 40, location: 'Aisle 4' })
  })

  it("answers 404 for an unknown barcode, or another organization's", async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers)
    expect((await scan(t, '0000000000', 1)).status).toBe(404)
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const res = await scan(t, product.barcode, 1, globex.headers)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })

  it('never lets stock go negative: 422 and nothing changes', async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers)
    await scan(t, product.barcode, 3)
    const res = await scan(t, product.barcode, -5)
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({
      code: 'BUSINESS_RULE_VIOLATION',
      details: [{ field: 'quantityDelta' }],
    })
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect(got.body.data.quantityOnHand).toBe(3)
    expect((await scan(t, product.barcode, -3)).body.data.quantityOnHand).toBe(0)
  })

  it('raises one reorder alert per crossing, emailed and notified to the admins', async () => {
    const t = await createTestApp()
    const mail = captureMail(t)
    const member = await createTenant(t.store, t.clock, { name: 'Other' })
    const product = await createProduct(t, t.acme.headers, { name: 'Hex bolt', reorderLevel: 10 })
    const jobs = () => t.app.supplyChain.ctx.db.selectFrom('jobs').selectAll().execute()
    // Receiving stock that stays short of the level is not a fall: no alert.
    expect((await scan(t, product.barcode, 5)).body.data.belowReorderLevel).toBe(true)
    expect(await jobs()).toEqual([])
    await scan(t, product.barcode, 10)
    expect((await scan(t, product.barcode, -3)).body.data.belowReorderLevel).toBe(false)
    const crossing = await scan(t, product.barcode, -4)
    expect(crossing.body.data).toMatchObject({ quantityOnHand: 8, belowReorderLevel: true })
    await scan(t, product.barcode, -1)
    await scan(t, product.barcode, -1)
    expect((await jobs()).filter((j) => j.type === 'inventory.reorder-alert')).toHaveLength(1)
    await t.app.supplyChain.ctx.jobs.drain()
    expect(mail).toEqual([
      expect.objectContaining({
        to: t.acme.user.email,
        subject: `Reorder Hex bolt (${product.sku})`,
      }),
    ])
    expect(mail[0]?.text).toContain('down to 8, below its reorder level of 10')
    expect(notifications(t)).toEqual([
      expect.objectContaining({
        organizationId: t.acme.organization.id,
        userId: t.acme.user.id,
        kind: 'reorder_alert',
      }),
    ])
    expect(notifications(t).some((n) => n.userId === member.user.id)).toBe(false)

    // Back above the level re-arms the alert; the next crossing raises exactly one more.
    await scan(t, product.barcode, 20)
    await scan(t, product.barcode, -20)
    await scan(t, product.barcode, -1)
    await t.app.supplyChain.ctx.jobs.drain()
    expect((await jobs()).filter((j) => j.type === 'inventory.reorder-alert')).toHaveLength(2)
    expect(mail).toHaveLength(2)
    expect(notifications(t)).toHaveLength(2)
  })

  it('loses no update under many parallel scans of one barcode over real HTTP', async () => {
    const t = await createTestApp({ config: { rateLimitProfile: 'bench' } })
    const product = await createProduct(t, t.acme.headers, { reorderLevel: 0 })
    server = await listen(t.app, '127.0.0.1', 0)
    const post = (quantityDelta: number) =>
      fetch(`${server?.url}/v1/inventory/scans`, {
        method: 'POST',
        headers: { ...t.acme.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ barcode: product.barcode, quantityDelta }),
      })
    // 80 parallel +1 scans: every one must see a distinct level, 1 to 80.
    const ups = await Promise.all(Array.from({ length: 80 }, () => post(1)))
    expect(ups.map((r) => r.status)).toEqual(ups.map(() => 200))
    const levels = await Promise.all(
      ups.map(async (r) => ((await r.json()) as { data: { quantityOnHand: number } }).data),
    )
    expect(levels.map((l) => l.quantityOnHand).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 1),
    )
    // Then a mix of receipts and picks.
    const deltas = [...Array.from({ length: 60 }, () => 3), ...Array.from({ length: 40 }, () => -1)]
    const mixed = await Promise.all(deltas.map(post))
    expect(mixed.map((r) => r.status)).toEqual(deltas.map(() => 200))
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect(got.body.data.quantityOnHand).toBe(80 + 60 * 3 - 40)
    const scans = await t.app.supplyChain.ctx.db
      .selectFrom('inventory_scans')
      .select('id')
      .execute()
    expect(scans).toHaveLength(180)
  })

  it('raises exactly one alert when parallel scans cross the level together', async () => {
    const t = await createTestApp({ config: { rateLimitProfile: 'bench' } })
    const product = await createProduct(t, t.acme.headers, { reorderLevel: 50 })
    await scan(t, product.barcode, 60)
    server = await listen(t.app, '127.0.0.1', 0)
    await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${server?.url}/v1/inventory/scans`, {
          method: 'POST',
          headers: { ...t.acme.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ barcode: product.barcode, quantityDelta: -1 }),
        }),
      ),
    )
    const alerts = await t.app.supplyChain.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'inventory.reorder-alert')
      .execute()
    expect(alerts).toHaveLength(1)
  })

  it('applies a retried scan once when it carries the same Idempotency-Key', async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers)
    const send = () =>
      call(t, 'POST', '/v1/inventory/scans', {
        headers: { ...t.acme.headers, 'idempotency-key': 'scanner-7:000123' },
        body: { barcode: product.barcode, quantityDelta: 5 },
      })
    const first = await send()
    const retry = await send()
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body.data).toEqual(first.body.data)
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect(got.body.data.quantityOnHand).toBe(5)
  })

  it('keeps the scan when the cache is down', async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers)
    t.cache.setSimulatedOutage(true)
    const res = await scan(t, product.barcode, 2)
    t.cache.setSimulatedOutage(false)
    // The rate limiter needs the cache too; either way no scan is half-applied.
    if (res.status === 200) expect(res.body.data.quantityOnHand).toBe(2)
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect([0, 2]).toContain(got.body.data.quantityOnHand)
  })
})
