/**
 * Tenant isolation: Acme and Globex, each with data in every resource; Acme tries every operation
 * of the OpenAPI document that names a row with Globex's ids (over HTTP, exhaustively and as a
 * fast-check property of id mixes, credentials and id-referencing bodies) and Globex's channels
 * over WebSocket. Every attempt is refused, nothing of Globex shows in Acme's lists, aggregates,
 * reports or channel messages, and no Globex row changes. Prints
 * `isolation: <n> cross-tenant attempts, <k> leaks` and writes `.cache/test-results/isolation.json`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { trace, type TracerProvider } from '@opentelemetry/api'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fuzzOperations } from '../fuzz/openapi-operations.ts'
import { PKG, STATUS } from '../realtime/protocol.ts'
import { startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'
import { call } from '../testing/supply-chain.ts'
import { readPdf } from '../testing/pdf-text.ts'
import { createTenant } from '../testing/test-app.ts'
import { writeFigures } from '../../../site/checks/test-summary.ts'
import {
  attemptArbitrary,
  idOperations,
  sweep,
  type Attempt,
  type AttemptContext,
} from './cross-tenant-attempts.ts'
import { populateTenant, type TenantData } from './tenant-fixtures.ts'
import { changedTables, leakIn, tenantRows } from './tenant-snapshot.ts'

const RUNS = Number(process.env.ISOLATION_RUNS ?? 400)
const REFUSED = new Set([403, 404, 422])
const pdfText = async (bytes: Uint8Array) => (await readPdf(bytes)).text

describe('tenant isolation', () => {
  let t: RealtimeTestApp
  let acme: TenantData
  let globex: TenantData
  let dataDir: string
  let attempts = 0
  const leaks: string[] = []
  const statuses: Record<string, number> = {}
  const recorder = (
    trace.getTracerProvider() as TracerProvider & { getDelegate(): TracerProvider }
  ).getDelegate()

  beforeAll(async () => {
    // As in the route fuzzer: flow recording proves nothing here and slows every request.
    trace.disable()
    dataDir = await mkdtemp(path.join(tmpdir(), 'blueround-isolation-'))
    t = await startRealtimeApp({ config: { dataDir, rateLimitProfile: 'bench' } })
    // Half past the hour, so the telemetry of a minute ago is in the current 1 h window.
    t.clock.set(Date.parse('2026-11-22T10:30:00Z'))
    const globexTenant = await createTenant(t.store, t.clock, { name: 'Globex' })
    acme = await populateTenant(t, t.acme, 'ACM')
    globex = await populateTenant(t, globexTenant, 'GLX')
  }, 30_000)

  afterAll(async () => {
    trace.setGlobalTracerProvider(recorder)
    await t.stop()
    await rm(dataDir, { recursive: true, force: true })
    const line = `isolation: ${attempts} cross-tenant attempts, ${leaks.length} leaks`
    process.stdout.write(`${line}\nisolation: HTTP statuses ${JSON.stringify(statuses)}\n`)
    for (const leak of leaks.slice(0, 20)) process.stdout.write(`isolation leak: ${leak}\n`)
    writeFigures('isolation', { attempts, leaks: leaks.length })
  })

  /** Sends one attempt over real HTTP and records a leak if it was not refused cleanly. */
  const attempt = async (a: Attempt) => {
    attempts += 1
    const response = await fetch(`${t.running.url}${a.url}`, {
      method: a.method,
      headers: {
        ...a.headers,
        ...(a.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(a.body === undefined ? {} : { body: JSON.stringify(a.body) }),
    })
    const text = await response.text()
    statuses[response.status] = (statuses[response.status] ?? 0) + 1
    const where = `${a.label}: ${a.method} ${a.url} → ${response.status}`
    // A list filtered by Globex's id may answer, but only with an empty list.
    const emptyList =
      a.listFilter === true &&
      response.status === 200 &&
      (JSON.parse(text) as { data: unknown[] }).data.length === 0
    const refused = REFUSED.has(response.status) || emptyList
    if (!refused) leaks.push(`${where} ${text.slice(0, 200)}`)
    const found = leakIn(text, globex, !response.ok)
    if (found !== undefined) leaks.push(`${where} shows ${found}`)
  }

  it('refuses every operation with a path id of the other tenant, and changes no row of it', async () => {
    const operations = fuzzOperations(t.app)
    const ctx: AttemptContext = { acme, globex, now: t.clock.now() }
    const before = await tenantRows(t.store, globex)
    const swept = sweep(operations, ctx)
    // Every operation that names a row is covered, in both API versions.
    expect(new Set(swept.map((a) => a.label)).size).toBe(idOperations(operations).length)
    expect(idOperations(operations).length).toBeGreaterThanOrEqual(40)
    for (const a of swept) await attempt(a)
    await fc.assert(
      fc.asyncProperty(attemptArbitrary(operations, ctx), async (a) => attempt(a)),
      { numRuns: RUNS },
    )
    const after = await tenantRows(t.store, globex)
    for (const table of changedTables(before, after)) leaks.push(`Globex rows changed in ${table}`)
    expect(leaks).toEqual([])
  }, 40_000)

  it('shows nothing of the other tenant in lists, aggregates and reports', async () => {
    const lists = fuzzOperations(t.app).filter(
      (op) =>
        op.method === 'GET' &&
        /^\/v\d\//.test(op.path) &&
        !op.parameters.some((p) => p.in === 'path'),
    )
    expect(lists.length).toBeGreaterThanOrEqual(10)
    const reads = [
      ...lists.map((op) => op.path),
      ...lists.map((op) => `${op.path}?pageSize=100`),
      '/v1/analytics/metrics/temperature?window=1h',
      '/v1/analytics/metrics/temperature?window=24h',
      `/v1/device-groups/${acme.ids['device-groups'][0]}/status`,
      `/v1/analytics/devices/${acme.ids.devices[0]}?window=1h`,
    ]
    for (const url of reads) {
      const res = await call(t, 'GET', url, { headers: acme.headers })
      const found = leakIn(JSON.stringify(res.body), globex)
      if (found !== undefined) leaks.push(`GET ${url} shows ${found}`)
    }
    // Globex's readings are 999: an aggregate of Acme's devices that includes them shows it.
    const metric = await call(t, 'GET', '/v1/analytics/metrics/temperature?window=1h', {
      headers: acme.headers,
    })
    expect(metric.body.data.aggregate).toMatchObject({ count: 2, max: 4 })
    const status = await call(
      t,
      'GET',
      `/v1/device-groups/${acme.ids['device-groups'][0]}/status`,
      {
        headers: acme.headers,
      },
    )
    expect(status.body.data.summary).toMatchObject({ devices: 2 })

    for (const format of ['csv', 'pdf'] as const) {
      const queued = await call(t, 'POST', '/v1/reports', {
        headers: acme.headers,
        body: { type: 'inventory', params: { format } },
      })
      await t.app.services.jobs.drain()
      const ready = await call(t, 'GET', `/v1/reports/${queued.body.data.id}`, {
        headers: acme.headers,
      })
      const { pathname, search } = new URL(ready.body.data.downloadUrl as string)
      const file = await t.app.request(`${pathname}${search}`, { headers: acme.headers })
      expect(file.status).toBe(200)
      const bytes = new Uint8Array(await file.arrayBuffer())
      const text = format === 'csv' ? new TextDecoder().decode(bytes) : await pdfText(bytes)
      // The report does list Acme's own products, so an empty text cannot pass.
      expect(text).toContain('ACM Quantum Widget 1')
      const found = leakIn(text, globex)
      if (found !== undefined) leaks.push(`${format} report shows ${found}`)
    }
    expect(leaks).toEqual([])
  }, 20_000)

  it('refuses the other tenant channels over WebSocket and never delivers its messages', async () => {
    const socket = await t.connect(acme.headers.authorization!.slice('Bearer '.length))
    const own = await socket.request(PKG.SUBSCRIBE, {
      channel: `shipments:${acme.ids.shipments[0]}`,
    })
    expect(own.status_code).toBe(STATUS.OK)
    await socket.request(PKG.SUBSCRIBE, { channel: `devices:${acme.ids.devices[0]}` })
    for (const channel of [
      ...globex.ids.shipments.map((id) => `shipments:${id}`),
      ...globex.ids.devices.map((id) => `devices:${id}`),
    ]) {
      attempts += 1
      const answer = await socket.request(PKG.SUBSCRIBE, { channel })
      if (answer.status_code !== STATUS.PERMISSION_DENIED)
        leaks.push(`SUBSCRIBE ${channel} → status ${answer.status_code}`)
    }
    // Globex's updates and broadcast, then Acme's own update as the marker that delivery ran.
    await call(t, 'POST', `/v1/shipments/${globex.ids.shipments[0]}/tracking`, {
      headers: globex.supplierHeaders,
      body: {
        eventId: 'GLX-evt-2',
        status: 'out_for_delivery',
        location: 'GLX hub',
        occurredAt: new Date(t.clock.now()).toISOString(),
      },
    })
    await call(t, 'POST', `/v1/devices/${globex.ids.devices[0]}/telemetry`, {
      headers: globex.headers,
      body: { metrics: { temperature: 999 }, recordedAt: new Date(t.clock.now()).toISOString() },
    })
    await call(t, 'POST', '/v1/realtime/broadcast', {
      headers: globex.headers,
      body: { data: { notice: 'GLX Quantum Widget 1 recall' } },
    })
    await call(t, 'POST', `/v1/shipments/${acme.ids.shipments[0]}/tracking`, {
      headers: acme.supplierHeaders,
      body: {
        eventId: 'ACM-evt-2',
        status: 'out_for_delivery',
        location: 'ACM hub',
        occurredAt: new Date(t.clock.now()).toISOString(),
      },
    })
    await socket.next((m) => m.type === 'update' && m.data?.location === 'ACM hub')
    const products = await socket.request(PKG.GET_PRODUCTS, { filters: {} })
    const page = await socket.request(PKG.GET_PAGINATED_PRODUCTS, { page: 1, per_page: 100 })
    expect(products.data.length).toBe(2)
    expect(page.meta.total).toBe(2)
    for (const message of socket.messages) {
      const found = leakIn(
        JSON.stringify(message),
        globex,
        message.status_code === STATUS.PERMISSION_DENIED,
      )
      if (found !== undefined) leaks.push(`socket message shows ${found}`)
    }
    expect(leaks).toEqual([])
  }, 20_000)
})
