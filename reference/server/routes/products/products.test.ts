import { describe, expect, it } from 'vitest'
import { createTenant, createTestApp } from '../../testing/test-app.ts'
import { call, createProduct } from '../../testing/supply-chain.ts'

describe('/v1/products', () => {
  it('creates a product: 201, Location, stock 0, rows committed', async () => {
    const t = await createTestApp()
    const res = await call(t, 'POST', '/v1/products', {
      headers: t.acme.headers,
      body: { name: 'Hex bolt M8', sku: 'BOLT-M8', barcode: '4006381333931', reorderLevel: 20 },
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/v1/products/${res.body.data.id}`)
    expect(res.body.data).toMatchObject({
      name: 'Hex bolt M8',
      sku: 'BOLT-M8',
      barcode: '4006381333931',
      reorderLevel: 20,
      reorderQuantity: 0,
      quantityOnHand: 0,
      description: null,
    })
    const row = await t.app.supplyChain.ctx.db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', res.body.data.id)
      .executeTakeFirstOrThrow()
    expect(row.organization_id).toBe(t.acme.organization.id)
  })

  it('answers 422 VALIDATION_ERROR with field details on bad input', async () => {
    const t = await createTestApp()
    const res = await call(t, 'POST', '/v1/products', {
      headers: t.acme.headers,
      body: { name: '', sku: 'has space', reorderLevel: -1 },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort()
    expect(fields).toEqual(['barcode', 'name', 'reorderLevel', 'sku'])
  })

  it('answers 409 DUPLICATE_RESOURCE on a duplicate SKU or barcode, and writes nothing', async () => {
    const t = await createTestApp()
    const first = await createProduct(t, t.acme.headers, { sku: 'DUP-1', barcode: '11112222' })
    for (const body of [
      { name: 'Copy', sku: 'DUP-1', barcode: '99998888' },
      { name: 'Copy', sku: 'DUP-2', barcode: '11112222' },
    ]) {
      const res = await call(t, 'POST', '/v1/products', { headers: t.acme.headers, body })
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('DUPLICATE_RESOURCE')
    }
    const rows = await t.app.supplyChain.ctx.db.selectFrom('products').select('id').execute()
    expect(rows.map((r) => r.id)).toEqual([first.id])
    const levels = await t.app.supplyChain.ctx.db
      .selectFrom('inventory_levels')
      .select('product_id')
      .execute()
    expect(levels).toHaveLength(1)
  })

  it('lists with a case-insensitive name filter, paginated, with X-RateLimit headers', async () => {
    const t = await createTestApp()
    for (const name of ['Hex Bolt', 'Carriage bolt', 'Washer', 'BOLT cutter'])
      await createProduct(t, t.acme.headers, { name })
    const res = await call(t, 'GET', '/v1/products?name=bOlT&pageSize=2', {
      headers: t.acme.headers,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-ratelimit-limit')).not.toBeNull()
    expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull()
    expect(res.body.data.map((p: { name: string }) => p.name)).toEqual([
      'BOLT cutter',
      'Carriage bolt',
    ])
    expect(res.body.pagination).toMatchObject({ page: 1, pageSize: 2, total: 3, totalPages: 2 })
  })

  it('treats %, _, \\ and quotes in the filter literally, never as SQL or wildcards', async () => {
    const t = await createTestApp()
    const names = ['50% off', '500 off', 'a_b', 'axb', 'O\'Brien "Ltd"', 'back\\slash', 'plain']
    for (const name of names) await createProduct(t, t.acme.headers, { name })
    const filter = async (name: string) => {
      const res = await call(t, 'GET', `/v1/products?name=${encodeURIComponent(name)}`, {
        headers: t.acme.headers,
      })
      expect(res.status).toBe(200)
      return res.body.data.map((p: { name: string }) => p.name)
    }
    expect(await filter('%')).toEqual(['50% off'])
    expect(await filter('0%')).toEqual(['50% off'])
    expect(await filter('_')).toEqual(['a_b'])
    expect(await filter("o'brien")).toEqual(['O\'Brien "Ltd"'])
    expect(await filter('"ltd"')).toEqual(['O\'Brien "Ltd"'])
    expect(await filter('\\')).toEqual(['back\\slash'])
    expect(await filter("' OR '1'='1")).toEqual([])
    expect(await filter("%' OR 1=1 --")).toEqual([])
    expect(await filter('x); DROP TABLE products; --')).toEqual([])
    expect(await filter('')).toHaveLength(names.length)
    // SQLite's LIKE would end the pattern at U+0000 and match everything: refused instead.
    const nul = await call(t, 'GET', '/v1/products?name=%00', { headers: t.acme.headers })
    expect(nul.status).toBe(422)
    expect(nul.body.error.code).toBe('VALIDATION_ERROR')
  })

  it('gets, patches and soft-deletes: the row stays, the API answers 404', async () => {
    const t = await createTestApp()
    const product = await createProduct(t, t.acme.headers)
    const got = await call(t, 'GET', `/v1/products/${product.id}`, { headers: t.acme.headers })
    expect(got.status).toBe(200)
    const patched = await call(t, 'PATCH', `/v1/products/${product.id}`, {
      headers: t.acme.headers,
      body: { reorderLevel: 30, description: 'Zinc plated' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.data).toMatchObject({ reorderLevel: 30, description: 'Zinc plated' })
    const empty = await call(t, 'PATCH', `/v1/products/${product.id}`, {
      headers: t.acme.headers,
      body: {},
    })
    expect(empty.status).toBe(422)
    const deleted = await call(t, 'DELETE', `/v1/products/${product.id}`, {
      headers: t.acme.headers,
    })
    expect(deleted.status).toBe(200)
    expect(deleted.body.data).toEqual({ id: product.id, deletedAt: '2026-11-22T10:00:00.000Z' })
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(t, method, `/v1/products/${product.id}`, {
        headers: t.acme.headers,
        body,
      })
      expect(res.status).toBe(404)
    }
    const list = await call(t, 'GET', '/v1/products', { headers: t.acme.headers })
    expect(list.body.data).toEqual([])
    const row = await t.app.supplyChain.ctx.db
      .selectFrom('products')
      .select('deleted_at')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBe('2026-11-22T10:00:00.000Z')
    // A deleted product frees its SKU and barcode.
    const again = await call(t, 'POST', '/v1/products', {
      headers: t.acme.headers,
      body: { name: 'Again', sku: product.sku, barcode: product.barcode },
    })
    expect(again.status).toBe(201)
  })

  it("answers 409 when a patch takes another product's SKU", async () => {
    const t = await createTestApp()
    const a = await createProduct(t, t.acme.headers)
    const b = await createProduct(t, t.acme.headers)
    const res = await call(t, 'PATCH', `/v1/products/${b.id}`, {
      headers: t.acme.headers,
      body: { sku: a.sku },
    })
    expect(res.status).toBe(409)
  })

  it("hides one organization's products from another (404, and not listed)", async () => {
    const t = await createTestApp()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const product = await createProduct(t, t.acme.headers, { name: 'Secret widget' })
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await call(t, method, `/v1/products/${product.id}`, {
        headers: globex.headers,
        ...(method === 'PATCH' ? { body: { name: 'mine now' } } : {}),
      })
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
    const list = await call(t, 'GET', '/v1/products?name=secret', { headers: globex.headers })
    expect(list.body.data).toEqual([])
    // The same SKU is free in another organization.
    const own = await call(t, 'POST', '/v1/products', {
      headers: globex.headers,
      body: { name: 'Other', sku: product.sku, barcode: product.barcode },
    })
    expect(own.status).toBe(201)
  })

  it('takes the list through the pipeline: 401 without a key, 403 without the scope', async () => {
    const t = await createTestApp()
    expect((await call(t, 'GET', '/v1/products')).status).toBe(401)
    const viewer = await createTenant(t.store, t.clock, { name: 'Initech', scopes: ['write'] })
    const res = await call(t, 'GET', '/v1/products', { headers: viewer.headers })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('INSUFFICIENT_SCOPE')
    const bad = await call(t, 'GET', '/v1/products?pageSize=1000', { headers: t.acme.headers })
    expect(bad.status).toBe(422)
  })

  it('answers 429 RATE_LIMITED once the read budget is spent', async () => {
    const t = await createTestApp()
    let res = await call(t, 'GET', '/v1/products', { headers: t.acme.headers })
    for (let i = 0; i < 200 && res.status !== 429; i++)
      res = await call(t, 'GET', '/v1/products', { headers: t.acme.headers })
    expect(res.status).toBe(429)
    expect(res.body.error.code).toBe('RATE_LIMITED')
  })
})

describe('OpenAPI document of the catalog and workflows', () => {
  it('documents every route with its scope-guarded security', async () => {
    const t = await createTestApp()
    const document = (await call(t, 'GET', '/openapi.json')).body
    for (const path of [
      '/v1/products',
      '/v1/products/{id}',
      '/v1/inventory/scans',
      '/v1/suppliers',
      '/v1/suppliers/{id}',
      '/v1/webhook-deliveries',
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/orders/{id}/acknowledgement',
      '/v1/shipments/{id}',
      '/v1/shipments/{id}/tracking',
    ])
      expect(Object.keys(document.paths)).toContain(path)
    expect(document.paths['/v1/products'].get.security).toEqual([{ apiKey: [] }])
    expect(document.paths['/v1/products'].post.responses['409']).toBeDefined()
  })
})
