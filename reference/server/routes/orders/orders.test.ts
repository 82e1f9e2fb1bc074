import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../create-app.ts'
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from '../../services/supply-chain/webhooks.ts'
import { listen, type RunningServer } from '../../server.ts'
import { createTenant, createTestApp, type TestApp } from '../../testing/test-app.ts'
import {
  call,
  captureMail,
  createProduct,
  createSupplier,
  notifications,
  startReceiver,
  type Receiver,
} from '../../testing/supply-chain.ts'

let receiver: Receiver | undefined
let server: RunningServer | undefined
afterEach(async () => {
  await receiver?.close()
  await server?.close()
  receiver = undefined
  server = undefined
})

const drain = (t: TestApp) => t.app.supplyChain.ctx.jobs.drain()

const setup = async (statuses: number[] = []) => {
  const t = await createTestApp()
  receiver = await startReceiver(statuses)
  const supplier = await createSupplier(t, t.acme.headers, receiver.url)
  const product = await createProduct(t, t.acme.headers)
  const order = async (lines = [{ productId: product.id, quantity: 100 }]) =>
    call(t, 'POST', '/v1/orders', {
      headers: t.acme.headers,
      body: { supplierId: supplier.id, lines },
    })
  return { t, receiver, supplier, product, order }
}

describe('/v1/orders', () => {
  it('creates a supplier with a brs_ key and a webhook secret, shown once', async () => {
    const { t, supplier } = await setup()
    expect(supplier.apiKey).toMatch(/^brs_[a-z0-9]{8}_[\w-]{43}$/)
    expect(supplier.webhookSecret).toMatch(/^whsec_/)
    const got = await call(t, 'GET', `/v1/suppliers/${supplier.id}`, { headers: t.acme.headers })
    expect(got.status).toBe(200)
    expect(got.body.data.apiKey).toBeUndefined()
    expect(got.body.data.webhookSecret).toBeUndefined()
    const list = await call(t, 'GET', '/v1/suppliers', { headers: t.acme.headers })
    expect(list.body.data).toHaveLength(1)
  })

  it('places an order: 201 submitted, and the "PO created" job is in the same commit', async () => {
    const { t, order, supplier, product } = await setup()
    const res = await order()
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({
      status: 'submitted',
      supplierId: supplier.id,
      lines: [{ productId: product.id, quantity: 100, sku: product.sku }],
      createdBy: t.acme.user.id,
    })
    const job = await t.app.supplyChain.ctx.jobs.find(`po-created:${res.body.data.id}`)
    expect(job).toMatchObject({ type: 'webhooks.deliver', state: 'pending' })
  })

  it('delivers the PO to the supplier, signed with HMAC-SHA256 over timestamp and body', async () => {
    const { t, order, supplier, receiver } = await setup()
    const { body } = await order()
    expect(await drain(t)).toMatchObject({ succeeded: 1 })
    expect(receiver.received).toHaveLength(1)
    const request = receiver.received[0]
    if (request === undefined) throw new Error('no request')
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers[DELIVERY_HEADER.toLowerCase()]).toBe(`po-created:${body.data.id}`)
    const signature = request.headers[SIGNATURE_HEADER.toLowerCase()] as string
    const timestamp = request.headers[TIMESTAMP_HEADER.toLowerCase()] as string
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/)
    const now = Math.floor(t.clock.now() / 1000)
    expect(
      verifyWebhookSignature(supplier.webhookSecret, { signature, timestamp }, request.body, now),
    ).toBe(true)
    expect(verifyWebhookSignature('whsec_wrong', { signature, timestamp }, request.body, now)).toBe(
      false,
    )
    expect(
      verifyWebhookSignature(
        supplier.webhookSecret,
        { signature, timestamp },
        `${request.body} `,
        now,
      ),
    ).toBe(false)
    expect(
      verifyWebhookSignature(
        supplier.webhookSecret,
        { signature, timestamp },
        request.body,
        now + 301,
      ),
    ).toBe(false)
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'purchase_order.created',
      data: { id: body.data.id, status: 'submitted' },
    })
    const log = await call(t, 'GET', `/v1/webhook-deliveries?orderId=${body.data.id}`, {
      headers: t.acme.headers,
    })
    expect(log.body.data).toMatchObject([{ attempt: 1, statusCode: 200, outcome: 'delivered' }])
  })

  it('retries a failing supplier webhook with backoff, then delivers it', async () => {
    const { t, order, receiver } = await setup([500, 503])
    const { body } = await order()
    expect(await drain(t)).toMatchObject({ retried: 1 })
    t.clock.advance(999)
    expect(await drain(t)).toMatchObject({ retried: 0, succeeded: 0 })
    t.clock.advance(1)
    expect(await drain(t)).toMatchObject({ retried: 1 })
    t.clock.advance(2_000)
    expect(await drain(t)).toMatchObject({ succeeded: 1 })
    expect(receiver.received.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()])).toEqual(
      Array.from({ length: 3 }, () => `po-created:${body.data.id}`),
    )
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1)
    const log = await call(t, 'GET', '/v1/webhook-deliveries', { headers: t.acme.headers })
    expect(
      log.body.data.map((d: { attempt: number; statusCode: number; outcome: string }) => [
        d.attempt,
        d.statusCode,
        d.outcome,
      ]),
    ).toEqual([
      [3, 200, 'delivered'],
      [2, 503, 'failed'],
      [1, 500, 'failed'],
    ])
  })

  it('gives a delivery up after its last attempt; the log shows every attempt', async () => {
    const { t, order } = await setup()
    await t.app.supplyChain.ctx.db
      .updateTable('suppliers')
      .set({ webhook_url: 'http://127.0.0.1:9/unreachable' })
      .execute()
    const { body } = await order()
    for (let i = 0; i < 10; i++) {
      await drain(t)
      t.clock.advance(3_600_000)
    }
    const job = await t.app.supplyChain.ctx.jobs.find(`po-created:${body.data.id}`)
    expect(job).toMatchObject({ state: 'failed', attempts: 8 })
    const log = await call(t, 'GET', `/v1/webhook-deliveries?orderId=${body.data.id}`, {
      headers: t.acme.headers,
    })
    expect(log.body.pagination.total).toBe(8)
    expect(log.body.data[0]).toMatchObject({ statusCode: null, outcome: 'failed' })
  })

  it('loses no delivery on restart: a new app over the same database delivers it', async () => {
    const { t, order, receiver } = await setup()
    const { body } = await order()
    // The first process stops before its worker ran; a second one starts on the same database.
    const restarted = createApp({
      config: t.config,
      clock: t.clock,
      store: t.store,
      cache: t.cache,
      logger: t.logger,
    })
    expect(await restarted.supplyChain.ctx.jobs.drain()).toMatchObject({ succeeded: 1 })
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').data.id).toBe(body.data.id)
  })

  it('answers 422 with field details for an unknown supplier, product or a repeated line', async () => {
    const { t, product } = await setup()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const foreign = await createProduct(t, globex.headers)
    const res = await call(t, 'POST', '/v1/orders', {
      headers: t.acme.headers,
      body: {
        supplierId: 'sup_nope',
        lines: [
          { productId: product.id, quantity: 1 },
          { productId: foreign.id, quantity: 1 },
          { productId: product.id, quantity: 2 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('VALIDATION_ERROR')
    expect(res.body.error.details).toEqual([
      { field: 'supplierId', message: 'no such supplier in your organization' },
      { field: 'lines.1.productId', message: 'no such product' },
      { field: 'lines.2.productId', message: 'appears on another line' },
    ])
    const bad = await call(t, 'POST', '/v1/orders', {
      headers: t.acme.headers,
      body: { supplierId: 'x', lines: [{ productId: product.id, quantity: 0 }] },
    })
    expect(bad.status).toBe(422)
    expect(await t.app.supplyChain.ctx.db.selectFrom('orders').select('id').execute()).toEqual([])
    expect(await t.app.supplyChain.ctx.db.selectFrom('jobs').select('id').execute()).toEqual([])
  })

  it('takes the supplier acknowledgement: order acknowledged, shipment created, buyer notified', async () => {
    const { t, order, supplier } = await setup()
    const mail = captureMail(t)
    const { body } = await order()
    await drain(t)
    const ack = await call(t, 'POST', `/v1/orders/${body.data.id}/acknowledgement`, {
      headers: { authorization: `Bearer ${supplier.apiKey}` },
      body: {
        accepted: true,
        supplierReference: 'SO-1',
        shipment: { carrier: 'DHL', trackingNumber: 'JD0001' },
      },
    })
    expect(ack.status).toBe(200)
    expect(ack.body.data).toMatchObject({
      status: 'acknowledged',
      supplierReference: 'SO-1',
      acknowledgedAt: '2026-11-22T10:00:00.000Z',
    })
    expect(ack.body.data.shipmentIds).toHaveLength(1)
    await drain(t)
    expect(mail).toEqual([
      expect.objectContaining({
        to: t.acme.user.email,
        subject: `Order ${body.data.id} acknowledged`,
      }),
    ])
    expect(notifications(t)).toEqual([
      expect.objectContaining({ userId: t.acme.user.id, kind: 'order_acknowledged' }),
    ])
    const again = await call(t, 'POST', `/v1/orders/${body.data.id}/acknowledgement`, {
      headers: { authorization: `Bearer ${supplier.apiKey}` },
      body: { accepted: true },
    })
    expect(again.status).toBe(422)
    expect(again.body.error.code).toBe('BUSINESS_RULE_VIOLATION')
  })

  it('records a rejection and notifies it', async () => {
    const { t, order, supplier } = await setup()
    const mail = captureMail(t)
    const { body } = await order()
    const res = await call(t, 'POST', `/v1/orders/${body.data.id}/acknowledgement`, {
      headers: { authorization: `Bearer ${supplier.apiKey}` },
      body: { accepted: false, reason: 'Out of stock' },
    })
    expect(res.body.data).toMatchObject({ status: 'rejected', rejectionReason: 'Out of stock' })
    expect(res.body.data.shipmentIds).toEqual([])
    await drain(t)
    expect(mail.map((m) => m.subject)).toEqual([`Order ${body.data.id} rejected`])
  })

  it("only the order's supplier can acknowledge it: 403 for users, 404 for other suppliers", async () => {
    const { t, order } = await setup()
    const { body } = await order()
    const path = `/v1/orders/${body.data.id}/acknowledgement`
    const asUser = await call(t, 'POST', path, {
      headers: t.acme.headers,
      body: { accepted: true },
    })
    expect(asUser.status).toBe(403)
    expect(asUser.body.error.code).toBe('FORBIDDEN')
    const other = await createSupplier(t, t.acme.headers, 'http://127.0.0.1:9/other')
    const asOther = await call(t, 'POST', path, {
      headers: { authorization: `Bearer ${other.apiKey}` },
      body: { accepted: true },
    })
    expect(asOther.status).toBe(404)
    const forged = await call(t, 'POST', path, {
      headers: { authorization: `Bearer ${other.apiKey.slice(0, -4)}AAAA` },
      body: { accepted: true },
    })
    expect(forged.status).toBe(401)
    // A supplier key reaches nothing else.
    const list = await call(t, 'GET', '/v1/orders', {
      headers: { authorization: `Bearer ${other.apiKey}` },
    })
    expect(list.status).toBe(403)
  })

  it("hides one organization's orders from another (404, and not listed)", async () => {
    const { t, order } = await setup()
    const { body } = await order()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const res = await call(t, 'GET', `/v1/orders/${body.data.id}`, { headers: globex.headers })
    expect(res.status).toBe(404)
    expect((await call(t, 'GET', '/v1/orders', { headers: globex.headers })).body.data).toEqual([])
    const log = await call(t, 'GET', '/v1/webhook-deliveries', { headers: globex.headers })
    expect(log.body.data).toEqual([])
    const mine = await call(t, 'GET', '/v1/orders?status=submitted', { headers: t.acme.headers })
    expect(mine.body.data.map((o: { id: string }) => o.id)).toEqual([body.data.id])
  })

  it('the simulated supplier acknowledges an order asynchronously, over real HTTP', async () => {
    const t = await createTestApp()
    const mail = captureMail(t)
    server = await listen(t.app, '127.0.0.1', 0)
    t.config.publicUrl = server.url
    const supplier = await createSupplier(
      t,
      t.acme.headers,
      `${server.url}/_dev/supplier-simulator/webhook`,
    )
    const product = await createProduct(t, t.acme.headers)
    const { body } = await call(t, 'POST', '/v1/orders', {
      headers: t.acme.headers,
      body: { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 5 }] },
    })
    await drain(t) // the webhook reaches the simulator, which schedules its answer
    expect(
      (await call(t, 'GET', `/v1/orders/${body.data.id}`, { headers: t.acme.headers })).body.data
        .status,
    ).toBe('submitted')
    t.clock.advance(1_000)
    await drain(t) // the simulator acknowledges; the notification job is queued
    await drain(t)
    const got = await call(t, 'GET', `/v1/orders/${body.data.id}`, { headers: t.acme.headers })
    expect(got.body.data).toMatchObject({ status: 'acknowledged' })
    expect(got.body.data.supplierReference).toMatch(/^SIM-/)
    expect(got.body.data.shipmentIds).toHaveLength(1)
    expect(mail.map((m) => m.subject)).toEqual([`Order ${body.data.id} acknowledged`])
    const dev = await call(t, 'GET', '/_dev/notifications?kind=order_acknowledged')
    expect(dev.body).toHaveLength(1)
  })

  it('places an order once when a retry carries the same Idempotency-Key', async () => {
    const { t, supplier, product } = await setup()
    const send = () =>
      call(t, 'POST', '/v1/orders', {
        headers: { ...t.acme.headers, 'idempotency-key': 'po-2026-0001' },
        body: { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 3 }] },
      })
    const first = await send()
    const retry = await send()
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body.data.id).toBe(first.body.data.id)
    const jobs = await t.app.supplyChain.ctx.db.selectFrom('jobs').select('key').execute()
    expect(jobs).toEqual([{ key: `po-created:${first.body.data.id}` }])
  })

  it('never shows supplier secrets in an Idempotency-Key replay', async () => {
    const t = await createTestApp()
    const send = () =>
      call(t, 'POST', '/v1/suppliers', {
        headers: { ...t.acme.headers, 'idempotency-key': 'sup-1' },
        body: { name: 'Once', email: 'once@supplier.test', webhookUrl: 'http://127.0.0.1:9/x' },
      })
    const first = await send()
    expect(first.body.data.apiKey).toMatch(/^brs_/)
    const replay = await send()
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.body.data).toMatchObject({
      id: first.body.data.id,
      apiKey: null,
      webhookSecret: null,
    })
    expect(
      (await call(t, 'GET', '/v1/suppliers', { headers: t.acme.headers })).body.data,
    ).toHaveLength(1)
  })

  it('the simulator refuses a webhook whose signature does not verify', async () => {
    const t = await createTestApp()
    const supplier = await createSupplier(t, t.acme.headers, 'http://127.0.0.1:9/x')
    const res = await t.app.request('/_dev/supplier-simulator/webhook', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: `v1=${'0'.repeat(64)}`,
        [TIMESTAMP_HEADER]: String(Math.floor(t.clock.now() / 1000)),
      },
      body: JSON.stringify({
        id: 'x',
        type: 'purchase_order.created',
        data: { id: 'po_x', supplierId: supplier.id },
      }),
    })
    expect(res.status).toBe(401)
  })

  it('serves /_dev/notifications outside production only', async () => {
    const t = await createTestApp()
    expect((await t.app.request('/_dev/notifications')).status).toBe(200)
    const prod = await createTestApp({ config: { mode: 'production' } })
    expect((await prod.app.request('/_dev/notifications')).status).toBe(404)
    expect(
      (await prod.app.request('/_dev/supplier-simulator/webhook', { method: 'POST' })).status,
    ).toBe(404)
  })
})
