import { describe, expect, it } from 'vitest'
import type { BusEvent } from '../../events/index.ts'
import { trackingCacheKey } from '../../services/supply-chain/shipments.ts'
import { createTenant, createTestApp } from '../../testing/test-app.ts'
import {
  call,
  captureMail,
  createProduct,
  createSupplier,
  notifications,
} from '../../testing/supply-chain.ts'

/** An acknowledged order with a shipment, as the supplier leaves it. */
const shipped = async () => {
  const t = await createTestApp()
  const mail = captureMail(t)
  const supplier = await createSupplier(t, t.acme.headers, 'http://127.0.0.1:9/unused')
  const product = await createProduct(t, t.acme.headers)
  const order = await call(t, 'POST', '/v1/orders', {
    headers: t.acme.headers,
    body: { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 10 }] },
  })
  const supplierHeaders: Record<string, string> = { authorization: `Bearer ${supplier.apiKey}` }
  const ack = await call(t, 'POST', `/v1/orders/${order.body.data.id}/acknowledgement`, {
    headers: supplierHeaders,
    body: { accepted: true, shipment: { carrier: 'DHL', trackingNumber: 'JD0001' } },
  })
  await t.app.supplyChain.ctx.jobs.drain()
  mail.length = 0
  const orderId = order.body.data.id as string
  const shipmentId = ack.body.data.shipmentIds[0] as string
  const events: BusEvent[] = []
  t.app.supplyChain.events.subscribe(`shipments:${shipmentId}`, (e) => events.push(e))
  const track = (body: Record<string, unknown>, headers = supplierHeaders) =>
    call(t, 'POST', `/v1/shipments/${shipmentId}/tracking`, { headers, body })
  return { t, mail, supplier, supplierHeaders, orderId, shipmentId, events, track }
}

const at = (minutes: number) =>
  new Date(Date.parse('2026-11-22T08:00:00Z') + minutes * 60_000).toISOString()

describe('/v1/shipments', () => {
  it('records a tracking event: history, current state, cache and the shipments:{id} channel', async () => {
    const { t, track, shipmentId, orderId, events } = await shipped()
    const res = await track({
      eventId: 'e1',
      status: 'in_transit',
      location: 'Rotterdam',
      occurredAt: at(0),
    })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({
      id: shipmentId,
      status: 'in_transit',
      location: 'Rotterdam',
      lastEventAt: at(0),
      history: [{ eventId: 'e1', status: 'in_transit', location: 'Rotterdam', occurredAt: at(0) }],
    })
    expect(events).toEqual([
      {
        type: 'update',
        channel: `shipments:${shipmentId}`,
        event: 'status_changed',
        data: {
          shipmentId,
          orderId,
          status: 'in_transit',
          location: 'Rotterdam',
          occurredAt: at(0),
        },
        timestamp: '2026-11-22T10:00:00.000Z',
      },
    ])
    const cached = JSON.parse((await t.cache.get(trackingCacheKey(shipmentId))) ?? '{}')
    expect(cached).toMatchObject({ status: 'in_transit', location: 'Rotterdam' })
    const order = await call(t, 'GET', `/v1/orders/${orderId}`, { headers: t.acme.headers })
    expect(order.body.data.status).toBe('shipped')
  })

  it('records a repeated carrier event once (200, nothing new, nothing published)', async () => {
    const { t, track, events, shipmentId } = await shipped()
    const event = { eventId: 'e1', status: 'in_transit', location: 'Rotterdam', occurredAt: at(0) }
    expect((await track(event)).status).toBe(201)
    const again = await track(event)
    expect(again.status).toBe(200)
    expect(again.body.data.history).toHaveLength(1)
    expect(events).toHaveLength(1)
    const rows = await t.app.supplyChain.ctx.db
      .selectFrom('tracking_events')
      .select('event_id')
      .where('shipment_id', '=', shipmentId)
      .execute()
    expect(rows).toEqual([{ event_id: 'e1' }])
  })

  it('stores out-of-order events in time order; an older one does not move the current state', async () => {
    const { t, track, events, shipmentId } = await shipped()
    await track({
      eventId: 'e3',
      status: 'out_for_delivery',
      location: 'Utrecht',
      occurredAt: at(60),
    })
    const late = await track({
      eventId: 'e1',
      status: 'in_transit',
      location: 'Rotterdam',
      occurredAt: at(0),
    })
    expect(late.status).toBe(201)
    await track({ eventId: 'e2', status: 'in_transit', location: 'Gouda', occurredAt: at(30) })
    const got = await call(t, 'GET', `/v1/shipments/${shipmentId}`, { headers: t.acme.headers })
    expect(got.body.data).toMatchObject({
      status: 'out_for_delivery',
      location: 'Utrecht',
      lastEventAt: at(60),
    })
    expect(got.body.data.history.map((e: { eventId: string }) => e.eventId)).toEqual([
      'e1',
      'e2',
      'e3',
    ])
    expect(events.map((e) => e.event)).toEqual(['status_changed'])
  })

  it('delivers: shipment and order delivered, delivery event published, buyer notified', async () => {
    const { t, mail, track, events, orderId } = await shipped()
    await track({ eventId: 'e1', status: 'in_transit', location: 'Rotterdam', occurredAt: at(0) })
    const res = await track({
      eventId: 'e2',
      status: 'delivered',
      location: 'Acme dock 3',
      occurredAt: at(90),
    })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ status: 'delivered', deliveredAt: at(90) })
    expect(events.map((e) => e.event)).toEqual(['status_changed', 'status_changed', 'delivered'])
    const order = await call(t, 'GET', `/v1/orders/${orderId}`, { headers: t.acme.headers })
    expect(order.body.data).toMatchObject({ status: 'delivered', deliveredAt: at(90) })
    await t.app.supplyChain.ctx.jobs.drain()
    expect(mail).toEqual([
      expect.objectContaining({ to: t.acme.user.email, subject: `Order ${orderId} delivered` }),
    ])
    expect(notifications(t).filter((n) => n.kind === 'order_delivered')).toEqual([
      expect.objectContaining({ userId: t.acme.user.id }),
    ])
    const dev = await call(t, 'GET', `/_dev/notifications?userId=${t.acme.user.id}`)
    expect(dev.body.map((n: { kind: string }) => n.kind)).toContain('order_delivered')
  })

  it('delivers an order whose first tracking event is the delivery', async () => {
    const { t, track, orderId } = await shipped()
    const res = await track({
      eventId: 'only',
      status: 'delivered',
      location: 'Front desk',
      occurredAt: at(10),
    })
    expect(res.status).toBe(201)
    const order = await call(t, 'GET', `/v1/orders/${orderId}`, { headers: t.acme.headers })
    expect(order.body.data).toMatchObject({ status: 'delivered', deliveredAt: at(10) })
  })

  it('takes events from a carrier integration with shipments:write too', async () => {
    const { t, track } = await shipped()
    const res = await track(
      { eventId: 'c1', status: 'in_transit', location: 'Hub', occurredAt: at(5) },
      t.acme.headers,
    )
    expect(res.status).toBe(201)
    const readOnly = await createTenant(t.store, t.clock, { name: 'Readers', scopes: ['read'] })
    const denied = await track(
      { eventId: 'c2', status: 'in_transit', location: 'Hub', occurredAt: at(6) },
      readOnly.headers,
    )
    expect(denied.status).toBe(403)
  })

  it('hides shipments from other organizations and other suppliers (404)', async () => {
    const { t, track, shipmentId, supplierHeaders } = await shipped()
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    const get = await call(t, 'GET', `/v1/shipments/${shipmentId}`, { headers: globex.headers })
    expect(get.status).toBe(404)
    const post = await track(
      { eventId: 'x', status: 'delivered', location: 'Nowhere', occurredAt: at(1) },
      globex.headers,
    )
    expect(post.status).toBe(404)
    const other = await createSupplier(t, t.acme.headers, 'http://127.0.0.1:9/other')
    const asOther = await track(
      { eventId: 'x', status: 'delivered', location: 'Nowhere', occurredAt: at(1) },
      { authorization: `Bearer ${other.apiKey}` },
    )
    expect(asOther.status).toBe(404)
    const own = await call(t, 'GET', `/v1/shipments/${shipmentId}`, { headers: supplierHeaders })
    expect(own.status).toBe(200)
    expect(own.body.data.status).toBe('pending')
  })

  it('answers 422 for a malformed event', async () => {
    const { track } = await shipped()
    const res = await track({
      eventId: '',
      status: 'teleported',
      location: 'x',
      occurredAt: 'yesterday',
    })
    expect(res.status).toBe(422)
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'eventId',
      'occurredAt',
      'status',
    ])
  })
})
