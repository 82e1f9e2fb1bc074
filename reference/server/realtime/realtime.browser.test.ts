/**
 * A real browser on /web: Chromium (found like the docs build finds it) connects with the dev
 * account's API key, queries products and receives a pushed shipment update.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, findBrowser } from '../../../site/diagrams/engine/find-browser.ts'
import { seed } from '../services/seed.ts'
import { createProduct } from '../testing/supply-chain.ts'
import { shipmentOf, startRealtimeApp, type RealtimeTestApp } from '../testing/realtime.ts'

let browser: Browser
let t: RealtimeTestApp
let dashboard: { url: string; server: Server }

beforeAll(async () => {
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Dashboard</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  dashboard = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
  browser = await chromium.launch({
    executablePath: findBrowser().executablePath,
    args: CHROMIUM_ARGS,
  })
})
afterAll(async () => {
  // Guarded: when no Chromium was found, the one error to report is beforeAll's.
  await (browser as Browser | undefined)?.close()
  await (t as RealtimeTestApp | undefined)?.stop()
  await new Promise((resolve) => dashboard.server.close(resolve))
})

interface BrowserState {
  ws: WebSocket
  received: Array<Record<string, unknown>>
}

describe('/web in Chromium', () => {
  it('connects with the dev key, queries products and receives a pushed shipment update', async () => {
    t = await startRealtimeApp()
    await createProduct(t, t.acme.headers, { name: 'Hex Bolt M8' })
    const { shipmentId, track } = await shipmentOf(t)
    const page = await browser.newPage()
    // A dashboard page served from another loopback port, as a front end would be: a secure
    // context (so crypto.randomUUID exists) in the same address space as the API.
    await page.goto(dashboard.url)
    // The key the start-up banner prints (`npm run reference`).
    const { devApiKey } = await seed(t.store, t.config, t.clock)
    const url = `${t.wsUrl}?token=${encodeURIComponent(devApiKey ?? '')}`
    const channel = `shipments:${shipmentId}`

    // The page's own WebSocket, as a dashboard would use it.
    await page.evaluate(
      ([url, channel]) =>
        new Promise<void>((resolve, reject) => {
          const state = { ws: new WebSocket(url), received: [] } as BrowserState
          ;(globalThis as unknown as { realtime: BrowserState }).realtime = state
          state.ws.onmessage = (event) => state.received.push(JSON.parse(String(event.data)))
          state.ws.onerror = () => reject(new Error('websocket error'))
          state.ws.onopen = () => {
            state.ws.send(
              JSON.stringify({
                pkg_id: 1,
                req_id: crypto.randomUUID(),
                data: { filters: { name: 'bolt' } },
              }),
            )
            state.ws.send(
              JSON.stringify({ pkg_id: 3, req_id: crypto.randomUUID(), data: { channel } }),
            )
            resolve()
          }
        }),
      [url, channel] as const,
    )
    const received = () =>
      page.evaluate(() => (globalThis as unknown as { realtime: BrowserState }).realtime.received)
    await page.waitForFunction(
      () => (globalThis as unknown as { realtime: BrowserState }).realtime.received.length >= 2,
    )
    // Replies are matched by package, not position: the protocol does not order them (each
    // carries its req_id), and on PostgreSQL the product query can finish after the snapshot.
    const replies = await received()
    const products = replies.find((m) => m.pkg_id === 1)
    const subscribed = replies.find((m) => m.pkg_id === 3)
    expect(products).toMatchObject({ pkg_id: 1, status_code: 0, data: [{ name: 'Hex Bolt M8' }] })
    expect(subscribed).toMatchObject({ pkg_id: 3, status_code: 0, data: { channel } })

    await track({
      eventId: 'evt-browser',
      status: 'in_transit',
      location: 'Rotterdam hub',
      occurredAt: '2026-11-22T09:00:00Z',
    })
    await page.waitForFunction(() =>
      (globalThis as unknown as { realtime: BrowserState }).realtime.received.some(
        (m) => m.type === 'update',
      ),
    )
    const update = (await received()).find((m) => m.type === 'update')
    expect(update).toMatchObject({
      type: 'update',
      channel,
      event: 'status_changed',
      data: { shipmentId, status: 'in_transit', location: 'Rotterdam hub' },
    })
    await page.close()
  })
})
