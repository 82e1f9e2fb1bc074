import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { body, createTenant, createTestApp, type TestApp } from '../../testing/test-app.ts'
import { readPdf } from '../../testing/pdf-text.ts'
import { call, createProduct, createSupplier } from '../../testing/supply-chain.ts'

const directories: string[] = []
afterEach(async () => {
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true })
})

const setup = async (config: Record<string, unknown> = {}) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'blueround-reports-'))
  directories.push(dataDir)
  const t = await createTestApp({ config: { dataDir, ...config } })
  const headers = t.acme.headers
  const request = (body: unknown, as = headers) =>
    call(t, 'POST', '/v1/reports', { headers: as, body })
  const get = (id: string, as = headers) => call(t, 'GET', `/v1/reports/${id}`, { headers: as })
  const mail = async () =>
    (await call(t, 'GET', '/_dev/mail')).body as Array<{
      to: string
      subject: string
      text: string
      links: string[]
    }>
  return { t, headers, request, get, mail }
}

/** GET a download link as the email or GET /v1/reports/{id} gives it, with optional headers. */
const download = async (t: TestApp, url: string, headers: Record<string, string>) => {
  const { pathname, search } = new URL(url)
  const res = await t.app.request(`${pathname}${search}`, { headers })
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

describe('/v1/reports', () => {
  it('generates an inventory PDF in the background, emails the link and downloads it', async () => {
    const { t, headers, request, get, mail } = await setup()
    const bolts = await createProduct(t, headers, {
      name: 'Hex bolt M8',
      sku: 'BOLT-M8',
      reorderLevel: 20,
    })
    await createProduct(t, headers, { name: 'Washer M8', sku: 'WASH-M8', reorderLevel: 0 })
    await call(t, 'POST', '/v1/inventory/scans', {
      headers,
      body: { barcode: bolts.barcode, quantityDelta: 12, location: 'Aisle 4' },
    })
    const queued = await request({ type: 'inventory', params: {} })
    expect(queued.status).toBe(202)
    expect(queued.body.data).toEqual({ id: expect.stringMatching(/^rpt_/), status: 'queued' })
    const id = queued.body.data.id as string
    expect(queued.headers.get('location')).toBe(`/v1/reports/${id}`)
    expect((await get(id)).body.data).toMatchObject({ status: 'queued', downloadUrl: null })

    await t.app.services.jobs.drain()
    const ready = await get(id)
    expect(ready.body.data).toMatchObject({
      status: 'ready',
      format: 'pdf',
      reason: null,
      downloadUrl: expect.stringContaining(`/v1/reports/${id}/download?token=`),
      downloadExpiresAt: '2026-11-23T10:00:00.000Z',
    })
    const [message] = await mail()
    expect(message).toMatchObject({
      to: t.acme.user.email,
      subject: 'Your inventory report is ready',
    })
    expect(message?.links).toHaveLength(1)

    const { res, bytes } = await download(t, message?.links[0] ?? '', headers)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="inventory-report-${id}.pdf"`,
    )
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const pdf = await readPdf(bytes)
    expect(pdf.pages).toBe(1)
    expect(pdf.title).toMatchObject({ Title: 'Inventory report', Subject: id })
    for (const text of [
      'Inventory report',
      'Acme',
      'BOLT-M8',
      'Hex bolt M8',
      'Aisle 4',
      'LOW',
      'WASH-M8',
      '2 products, 1 below the reorder level',
    ])
      expect(pdf.text).toContain(text)
    // A retried job sends nothing twice.
    await t.app.services.jobs.drain()
    expect(await mail()).toHaveLength(1)
  })

  it('generates an orders report as CSV from real orders', async () => {
    const { t, headers, request, get } = await setup()
    const supplier = await createSupplier(t, headers, 'http://127.0.0.1:9/unused')
    const product = await createProduct(t, headers)
    const order = await call(t, 'POST', '/v1/orders', {
      headers,
      body: { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 7 }] },
    })
    const queued = await request({
      type: 'orders',
      params: { from: '2026-11-01', to: '2026-11-30', format: 'csv' },
    })
    await t.app.services.jobs.drain()
    const ready = await get(queued.body.data.id)
    expect(ready.body.data).toMatchObject({
      status: 'ready',
      format: 'csv',
      params: { from: '2026-11-01', to: '2026-11-30' },
    })
    const { res, bytes } = await download(t, ready.body.data.downloadUrl, headers)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(new TextDecoder().decode(bytes)).toBe(
      'Order,Created,Supplier,Status,Lines,Units\r\n' +
        `${order.body.data.id},2026-11-22,Northwind Fasteners,${order.body.data.status},1,7\r\n`,
    )
  })

  it('validates the parameters of each type (422 with field details)', async () => {
    const { t, request } = await setup()
    const res = await request({
      type: 'orders',
      params: { from: '2026-11-30', to: 'soon', extra: 1 },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'params',
      'params.to',
    ])
    const reversed = await request({
      type: 'orders',
      params: { from: '2026-11-30', to: '2026-11-01' },
    })
    expect(reversed.body.error.details).toEqual([
      { field: 'params.to', message: '`to` is before `from`' },
    ])
    expect((await request({ type: 'payroll', params: {} })).status).toBe(422)
    const rows = await t.app.analytics.ctx.db.selectFrom('reports').select('id').execute()
    expect(rows).toEqual([])
  })

  it('cuts a report at the timeout: failed with the reason, and the requester is emailed', async () => {
    const { t, request, get, mail } = await setup({ reportTimeoutMs: 50 })
    t.app.analytics.ctx.reportBuilders.inventory = () => new Promise(() => {})
    const id = (await request({ type: 'inventory', params: {} })).body.data.id as string
    const summary = await t.app.services.jobs.drain()
    expect(summary).toMatchObject({ succeeded: 1, retried: 0 })
    const failed = await get(id)
    expect(failed.body.data).toMatchObject({
      status: 'failed',
      reason: 'Report generation timed out after 50 ms',
      downloadUrl: null,
    })
    expect(await mail()).toEqual([
      expect.objectContaining({
        to: t.acme.user.email,
        subject: 'Your inventory report failed',
        text: expect.stringContaining('Reason: Report generation timed out after 50 ms'),
      }),
    ])
  })

  it('retries a failing report with backoff, then marks it failed and tells the requester', async () => {
    const { t, request, get, mail } = await setup()
    t.app.analytics.ctx.reportBuilders.inventory = () => Promise.reject(new Error('disk on fire'))
    const id = (await request({ type: 'inventory', params: {} })).body.data.id as string
    expect(await t.app.services.jobs.drain()).toMatchObject({ retried: 1 })
    expect((await get(id)).body.data.status).toBe('running')
    t.clock.advance(1_000)
    await t.app.services.jobs.drain()
    t.clock.advance(2_000)
    expect(await t.app.services.jobs.drain()).toMatchObject({ succeeded: 1 })
    const failed = await get(id)
    expect(failed.body.data).toMatchObject({
      status: 'failed',
      reason: 'Report generation failed after 3 attempts (the server log has the details)',
    })
    expect(failed.body.data.reason).not.toContain('disk on fire')
    expect((await mail()).map((m) => m.subject)).toEqual(['Your inventory report failed'])
  })

  it('refuses an expired or altered link (403) and another organization (404)', async () => {
    const { t, headers, request, get } = await setup()
    const id = (await request({ type: 'inventory', params: {} })).body.data.id as string
    await t.app.services.jobs.drain()
    const url = (await get(id)).body.data.downloadUrl as string

    // The link is the authorization: it works without a credential, and with anyone's.
    const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
    expect((await download(t, url, {})).res.status).toBe(200)
    expect((await download(t, url, globex.headers)).res.status).toBe(200)
    expect((await get(id, globex.headers)).status).toBe(404)
    // A correctly signed link naming another organization reads nothing of this one.
    const foreign = await t.app.analytics.reports.links.issue({
      id,
      organizationId: globex.organization.id,
    })
    const other = await download(t, foreign.url, {})
    expect(other.res.status).toBe(404)

    const altered = await download(t, `${url.slice(0, -3)}xyz`, headers)
    expect(altered.res.status).toBe(403)
    // A link is signed for one report: moved to another id, it is not valid.
    const forged = await download(t, url.replace(id, 'rpt_other'), headers)
    expect(forged.res.status).toBe(403)

    t.clock.advance(24 * 60 * 60_000 + 1_000)
    const expired = await download(t, url, headers)
    expect(expired.res.status).toBe(403)
    const body = JSON.parse(new TextDecoder().decode(expired.bytes))
    expect(body).toMatchObject({
      success: false,
      error: {
        code: 'FORBIDDEN',
        message: 'The download link has expired; GET /v1/reports/{id} for a new one',
      },
    })
    // A fresh link from GET /v1/reports/{id} works again.
    const fresh = await download(t, (await get(id)).body.data.downloadUrl, headers)
    expect(fresh.res.status).toBe(200)
  })

  it('needs reports:write to request, and a signed link (not a credential) to download', async () => {
    const { t, request } = await setup()
    const readOnly = await createTenant(t.store, t.clock, { name: 'Readers', scopes: ['read'] })
    expect((await request({ type: 'inventory', params: {} }, readOnly.headers)).status).toBe(403)
    const unsigned = await t.app.request('/v1/reports/rpt_x/download?token=abc')
    expect(unsigned.status).toBe(403)
    expect((await body(unsigned)).error.code).toBe('FORBIDDEN')
    const missing = await t.app.request('/v1/reports/rpt_x/download')
    expect(missing.status).toBe(422)
  })
})
