/**
 * @module Fixtures of the tenant-isolation test: one organization with data in every resource —
 * users, API keys, products with stock, suppliers, orders, shipments with tracking, devices with
 * telemetry, device groups and reports (one generated and ready) — created through the public
 * API, with names that carry the organization's marker so a leak is visible in any text.
 */
import { newId } from '../lib/ids.ts'
import { call } from '../testing/supply-chain.ts'
import { createTenant, type TestApp } from '../testing/test-app.ts'

/** The ids of one tenant's rows, per resource (the path segment that names them). */
export interface TenantIds {
  'api-keys': string[]
  users: string[]
  products: string[]
  suppliers: string[]
  orders: string[]
  shipments: string[]
  devices: string[]
  'device-groups': string[]
  reports: string[]
}

export interface TenantData {
  organizationId: string
  headers: Record<string, string>
  /** The supplier's own key (acknowledgements and tracking are posted with it). */
  supplierHeaders: Record<string, string>
  ids: TenantIds
  /** Product names, SKUs and barcodes: none of them may appear in another tenant's answers. */
  markers: string[]
  barcodes: string[]
  /** The download token of the tenant's ready report. */
  reportToken: string
}

type Tenant = Awaited<ReturnType<typeof createTenant>>

const ok = async (promise: ReturnType<typeof call>, what: string) => {
  const res = await promise
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body?.data
}

/** Creates every resource for `tenant`; `code` (e.g. `GLX`) marks its names and SKUs. */
export const populateTenant = async (
  t: TestApp,
  tenant: Tenant,
  code: string,
): Promise<TenantData> => {
  const headers = tenant.headers
  const post = (path: string, body: unknown, as = headers) =>
    ok(call(t, 'POST', path, { headers: as, body }), `${code} POST ${path}`)
  const markers: string[] = [tenant.organization.id, tenant.organization.name]
  const products: Array<{ id: string; barcode: string }> = []
  for (const n of [1, 2]) {
    const name = `${code} Quantum Widget ${n}`
    const sku = `${code}-SKU-${n}`
    const barcode = `${code === 'GLX' ? 5 : 4}0000000000${n}`.padEnd(13, '7')
    const product = await post('/v1/products', { name, sku, barcode, reorderLevel: 50 })
    products.push({ id: product.id, barcode })
    markers.push(name, sku, barcode)
    await post('/v1/inventory/scans', { barcode, quantityDelta: 7, location: `${code} Aisle` })
  }
  const supplier = await post('/v1/suppliers', {
    name: `${code} Fasteners`,
    email: `orders@${code.toLowerCase()}-fasteners.test`,
    webhookUrl: 'http://127.0.0.1:9/unused',
  })
  markers.push(`${code} Fasteners`, supplier.apiKey)
  const supplierHeaders = { authorization: `Bearer ${supplier.apiKey}` }
  const order = await post('/v1/orders', {
    supplierId: supplier.id,
    lines: [{ productId: products[0]!.id, quantity: 10 }],
    note: `${code} order note`,
  })
  const ack = await post(
    `/v1/orders/${order.id}/acknowledgement`,
    { accepted: true, shipment: { carrier: 'DHL', trackingNumber: `${code}TRACK1` } },
    supplierHeaders,
  )
  const shipmentId = ack.shipmentIds[0] as string
  await post(
    `/v1/shipments/${shipmentId}/tracking`,
    {
      eventId: `${code}-evt-1`,
      status: 'in_transit',
      location: `${code} hub`,
      occurredAt: new Date(t.clock.now()).toISOString(),
    },
    supplierHeaders,
  )
  markers.push(`${code}TRACK1`, `${code} hub`)
  const devices: string[] = []
  for (const n of [1, 2]) {
    const device = await post('/v1/devices', { name: `${code} Cold room ${n}`, kind: 'sensor' })
    devices.push(device.id)
    markers.push(`${code} Cold room ${n}`)
    await post(`/v1/devices/${device.id}/telemetry`, {
      // Globex's readings are far out of Acme's range, so a mixed aggregate shows.
      metrics: { temperature: code === 'GLX' ? 999 : 4 },
      recordedAt: new Date(t.clock.now() - 60_000).toISOString(),
    })
  }
  const group = await post('/v1/device-groups', { name: `${code} Cold rooms`, deviceIds: devices })
  markers.push(`${code} Cold rooms`)
  const member = await post('/v1/users', {
    email: `member@${code.toLowerCase()}.test`,
    name: `${code} Member`,
    role: 'member',
  })
  markers.push(`member@${code.toLowerCase()}.test`)
  const key = await post('/v1/api-keys', { name: `${code} integration`, scopes: ['read'] })
  markers.push(key.key ?? newId('key'))
  const ready = await post('/v1/reports', { type: 'inventory', params: { format: 'csv' } })
  const orders = await post('/v1/reports', {
    type: 'orders',
    params: { from: '2026-11-01', to: '2026-11-30' },
  })
  await t.app.services.jobs.drain()
  const report = await ok(
    call(t, 'GET', `/v1/reports/${ready.id}`, { headers }),
    `${code} GET report`,
  )
  if (report.status !== 'ready') throw new Error(`${code} report is ${report.status}`)
  return {
    organizationId: tenant.organization.id,
    headers,
    supplierHeaders,
    ids: {
      'api-keys': [tenant.keyId, key.id],
      users: [tenant.user.id, member.id],
      products: products.map((p) => p.id),
      suppliers: [supplier.id],
      orders: [order.id],
      shipments: [shipmentId],
      devices,
      'device-groups': [group.id],
      reports: [ready.id, orders.id],
    },
    markers,
    barcodes: products.map((p) => p.barcode),
    reportToken: new URL(report.downloadUrl as string).searchParams.get('token') ?? '',
  }
}

/** Every id of a tenant, for looking for them in text. */
export const allIds = (data: TenantData): string[] => Object.values(data.ids).flat()
