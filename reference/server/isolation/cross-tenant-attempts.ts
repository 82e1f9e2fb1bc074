/**
 * @module Cross-tenant attempts: for every operation of the OpenAPI document that names a row by
 * a path parameter, requests as the caller's organization that carry the other organization's
 * ids — in the path, in a body field that references a row (`productId`, `supplierId`,
 * `deviceIds`, a barcode) or in a query filter (`supplierId`, `orderId`) — as a fast-check
 * arbitrary and as an exhaustive sweep (every operation × every id of the other tenant).
 */
import fc from 'fast-check'
import type { FuzzOperation } from '../fuzz/openapi-operations.ts'
import type { TenantData, TenantIds } from './tenant-fixtures.ts'

export interface Attempt {
  label: string
  method: string
  url: string
  headers: Record<string, string>
  body?: unknown
  /** A list filtered by another tenant's id may answer 200 with an empty list. */
  listFilter?: boolean
}

type Resource = keyof TenantIds

/** The resource a path parameter names: the segment before it (`/devices/{id}` → devices). */
export const resourceOf = (path: string, param: string): Resource | undefined => {
  const segments = path.split('/')
  const at = segments.indexOf(`{${param}}`)
  const before = segments[at - 1] ?? ''
  const known: Resource[] = [
    'api-keys',
    'users',
    'products',
    'suppliers',
    'orders',
    'shipments',
    'devices',
    'device-groups',
    'reports',
  ]
  if (param === 'deviceId') return 'devices'
  return known.find((r) => r === before)
}

/** Operations that name a row by path parameter (`{metric}` is a name, not a row). */
export const idOperations = (operations: FuzzOperation[]) =>
  operations.filter((op) =>
    op.parameters.some((p) => p.in === 'path' && resourceOf(op.path, p.name) !== undefined),
  )

const iso = (ms: number) => new Date(ms).toISOString()

/** A body the operation would accept, apart from the ids it carries. */
const bodyFor = (op: FuzzOperation, pick: (r: Resource) => string, now: number, n: number) => {
  if (op.body === undefined) return undefined
  const path = op.path.replace(/^\/v\d+/, '')
  if (path === '/products/{id}') return { name: `Acme renamed ${n}`, reorderLevel: n % 90 }
  if (path === '/users/{id}') return { name: `Acme renamed ${n}` }
  if (path === '/orders/{id}/acknowledgement')
    return n % 2 === 0
      ? { accepted: true, shipment: { carrier: 'UPS', trackingNumber: `ACME${n}` } }
      : { accepted: false, reason: 'out of stock' }
  if (path === '/shipments/{id}/tracking')
    return {
      eventId: `acme-${n}`,
      status: 'delivered',
      location: 'Acme dock',
      occurredAt: iso(now),
    }
  if (path === '/devices/{id}/telemetry')
    return { metrics: { temperature: -50 }, recordedAt: iso(now - 1000) }
  if (path === '/device-groups/{id}/members') return { deviceIds: [pick('devices')] }
  return undefined
}

/** Requests without a path id whose body or query references rows. */
const referencingAttempts = (
  version: string,
  pick: (r: Resource, side?: 'acme' | 'globex') => string,
  globex: TenantData,
  n: number,
): Attempt[] => [
  {
    label: 'order with the other tenant supplier',
    method: 'POST',
    url: `/${version}/orders`,
    headers: {},
    body: {
      supplierId: pick('suppliers', 'globex'),
      lines: [{ productId: pick('products', 'acme'), quantity: 1 + (n % 5) }],
    },
  },
  {
    label: 'order with the other tenant product',
    method: 'POST',
    url: `/${version}/orders`,
    headers: {},
    body: {
      supplierId: pick('suppliers', 'acme'),
      lines: [{ productId: pick('products', 'globex'), quantity: 1 + (n % 5) }],
    },
  },
  {
    label: 'group with the other tenant device',
    method: 'POST',
    url: `/${version}/device-groups`,
    headers: {},
    body: {
      name: `Acme group ${n}`,
      deviceIds: [pick('devices', 'acme'), pick('devices', 'globex')],
    },
  },
  {
    label: 'scan of the other tenant barcode',
    method: 'POST',
    url: `/${version}/inventory/scans`,
    headers: {},
    body: { barcode: globex.barcodes[n % globex.barcodes.length], quantityDelta: -3 },
  },
  {
    label: 'webhook deliveries filtered by the other tenant supplier',
    method: 'GET',
    url: `/${version}/webhook-deliveries?supplierId=${pick('suppliers', 'globex')}`,
    headers: {},
    listFilter: true,
  },
  {
    label: 'webhook deliveries filtered by the other tenant order',
    method: 'GET',
    url: `/${version}/webhook-deliveries?orderId=${pick('orders', 'globex')}`,
    headers: {},
    listFilter: true,
  },
]

export interface AttemptContext {
  acme: TenantData
  globex: TenantData
  now: number
}

/** One attempt on `op`: each path id from Globex or Acme (at least one from Globex). */
export const attemptOn = (
  op: FuzzOperation,
  ctx: AttemptContext,
  choice: { sides: boolean[]; index: number; supplierKey: boolean; n: number },
): Attempt => {
  const params = op.parameters.filter((p) => p.in === 'path')
  let anyGlobex = false
  let url = op.path
  params.forEach((p, i) => {
    const resource = resourceOf(op.path, p.name)
    const globexSide = (choice.sides[i] ?? true) || (i === params.length - 1 && !anyGlobex)
    anyGlobex ||= globexSide
    const ids = (globexSide ? ctx.globex : ctx.acme).ids[resource ?? 'products']
    url = url.replace(`{${p.name}}`, ids[choice.index % ids.length]!)
  })
  if (op.parameters.some((p) => p.in === 'query' && p.name === 'token'))
    url += `?token=${encodeURIComponent(ctx.acme.reportToken)}`
  const pick = (r: Resource) => ctx.globex.ids[r][choice.index % ctx.globex.ids[r].length]!
  const body = bodyFor(op, pick, ctx.now, choice.n)
  return {
    label: `${op.method} ${op.path}`,
    method: op.method,
    url,
    headers: choice.supplierKey ? ctx.acme.supplierHeaders : ctx.acme.headers,
    ...(body === undefined ? {} : { body }),
  }
}

/** Every id operation × every Globex id of its resource, all path ids Globex's. */
export const sweep = (operations: FuzzOperation[], ctx: AttemptContext): Attempt[] =>
  idOperations(operations).flatMap((op) => {
    const first = op.parameters.find((p) => p.in === 'path')!
    const count = ctx.globex.ids[resourceOf(op.path, first.name)!].length
    return Array.from({ length: count }, (_, index) =>
      attemptOn(op, ctx, { sides: [true, true], index, supplierKey: false, n: index }),
    )
  })

/** Generated attempts: mixes of Globex and Acme ids, credentials and body-referenced ids. */
export const attemptArbitrary = (
  operations: FuzzOperation[],
  ctx: AttemptContext,
): fc.Arbitrary<Attempt> => {
  const ops = idOperations(operations)
  const onPath = fc
    .record({
      op: fc.constantFrom(...ops),
      sides: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
      index: fc.nat({ max: 10 }),
      supplierKey: fc.boolean(),
      n: fc.nat({ max: 1000 }),
    })
    .map(({ op, ...choice }) => attemptOn(op, ctx, choice))
  const inBody = fc
    .record({
      version: fc.constantFrom('v1', 'v2'),
      which: fc.nat({ max: 5 }),
      index: fc.nat({ max: 10 }),
      n: fc.nat({ max: 1000 }),
      supplierKey: fc.boolean(),
    })
    .map(({ version, which, index, n, supplierKey }) => {
      const pick = (r: Resource, side: 'acme' | 'globex' = 'globex') => {
        const ids = ctx[side].ids[r]
        return ids[index % ids.length]!
      }
      const attempt = referencingAttempts(version, pick, ctx.globex, n)[which]!
      return {
        ...attempt,
        headers: supplierKey ? ctx.acme.supplierHeaders : ctx.acme.headers,
      }
    })
  return fc.oneof({ arbitrary: onPath, weight: 3 }, { arbitrary: inBody, weight: 1 })
}
