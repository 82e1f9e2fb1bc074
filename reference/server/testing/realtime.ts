/**
 * @module Realtime test harness: the real app listening on a random port, and `ws` clients that
 * collect every message so tests can wait for the ones they expect.
 */
import { randomUUID } from 'node:crypto'
import { WebSocket, type ClientOptions } from 'ws'
import type { RealtimeConfig } from '../config/index.ts'
import { listen } from '../server.ts'
import { secretsInAuthorization, secretsInUrl } from './secret-extraction.ts'
import { captureSecrets } from './suite-capture.ts'
import { call, createProduct, createSupplier } from './supply-chain.ts'
import { createTestApp, type TestAppOptions } from './test-app.ts'

/** Short timers so heartbeat tests take milliseconds; the fake clock decides what is idle. */
export const TEST_REALTIME: RealtimeConfig = {
  maxConnectionsPerUser: 5,
  messagesPerMinute: 10_000,
  heartbeatIntervalMs: 20,
  idleTimeoutMs: 30_000,
  maxMessageBytes: 65_536,
}

/** A test app served on 127.0.0.1:0 with `/web`, and a way to open clients on it. */
export const startRealtimeApp = async (
  options: TestAppOptions & { realtime?: Partial<RealtimeConfig> } = {},
) => {
  const { realtime, ...rest } = options
  const t = await createTestApp({
    ...rest,
    config: { ...rest.config, realtime: { ...TEST_REALTIME, ...realtime } },
  })
  const running = await listen(t.app, '127.0.0.1', 0)
  const wsUrl = `${running.url.replace(/^http/, 'ws')}/web`
  const clients: TestClient[] = []
  let stopped = false
  return {
    ...t,
    running,
    wsUrl,
    /** Opens `/web?token=…` (no token when `undefined`); resolves once open or closed. */
    async connect(token: string | undefined, clientOptions: ClientOptions = {}) {
      const url = token === undefined ? wsUrl : `${wsUrl}?token=${encodeURIComponent(token)}`
      const client = await openClient(url, clientOptions)
      clients.push(client)
      return client
    },
    /** Closes clients, server and store; safe to call twice. */
    async stop() {
      if (stopped) return
      stopped = true
      for (const client of clients) client.ws.terminate()
      // A test may have closed the server itself (shutdown tests).
      await running.close().catch(() => undefined)
      await t.store.close()
    },
  }
}

export type RealtimeTestApp = Awaited<ReturnType<typeof startRealtimeApp>>

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = any

export interface TestClient {
  ws: WebSocket
  /** Every JSON message received, in order. */
  messages: Message[]
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>
  /** The first message (received or still to come) that matches. */
  next(match: (message: Message) => boolean, timeoutMs?: number): Promise<Message>
  /** Sends a package with a fresh `req_id` and resolves with its response. */
  request(pkgId: number, data?: unknown): Promise<Message>
  /** Sends raw text. */
  send(text: string): void
}

/** Waits until the socket is open (or closed right after the upgrade, e.g. with 1008). */
export const openClient = (url: string, options: ClientOptions = {}): Promise<TestClient> =>
  new Promise((resolve, reject) => {
    // For the whole-suite secrets-in-logs check: the credential a socket opens with.
    const authorization = options.headers?.['authorization'] ?? options.headers?.['Authorization']
    captureSecrets([
      ...secretsInUrl(url, 'websocket url'),
      ...secretsInAuthorization(authorization ?? null, 'websocket header authorization'),
    ])
    const ws = new WebSocket(url, options)
    const messages: Message[] = []
    const waiters: Array<{ match: (m: Message) => boolean; done: (m: Message) => void }> = []
    const closed = new Promise<{ code: number; reason: string }>((done) => {
      ws.once('close', (code, reason) => {
        done({ code, reason: reason.toString() })
      })
    })
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as Message
      messages.push(message)
      for (const waiter of [...waiters])
        if (waiter.match(message)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.done(message)
        }
    })
    const client: TestClient = {
      ws,
      messages,
      closed,
      next(match, timeoutMs = 5000) {
        const found = messages.find(match)
        if (found !== undefined) return Promise.resolve(found)
        return new Promise((done, fail) => {
          const timer = setTimeout(() => {
            fail(new Error(`no matching message in ${timeoutMs} ms: ${JSON.stringify(messages)}`))
          }, timeoutMs)
          waiters.push({
            match,
            done: (m) => {
              clearTimeout(timer)
              done(m)
            },
          })
        })
      },
      request(pkgId, data) {
        const reqId = randomUUID()
        ws.send(JSON.stringify({ pkg_id: pkgId, req_id: reqId, data }))
        return client.next((m: Message) => m.req_id === reqId)
      },
      send: (text) => ws.send(text),
    }
    ws.once('open', () => resolve(client))
    ws.once('close', () => resolve(client))
    ws.once('error', (error) => {
      if (ws.readyState === ws.CLOSED) reject(error)
    })
  })

/** A shipment of Acme (an acknowledged order), and a way to post its tracking events. */
export const shipmentOf = async (t: RealtimeTestApp) => {
  const supplier = await createSupplier(t, t.acme.headers, 'http://127.0.0.1:9/unused')
  const product = await createProduct(t, t.acme.headers)
  const order = await call(t, 'POST', '/v1/orders', {
    headers: t.acme.headers,
    body: { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 10 }] },
  })
  const supplierHeaders = { authorization: `Bearer ${supplier.apiKey}` }
  const ack = await call(t, 'POST', `/v1/orders/${order.body.data.id}/acknowledgement`, {
    headers: supplierHeaders,
    body: { accepted: true, shipment: { carrier: 'DHL', trackingNumber: 'JD0001' } },
  })
  const shipmentId = ack.body.data.shipmentIds[0] as string
  const track = (body: Record<string, unknown>) =>
    call(t, 'POST', `/v1/shipments/${shipmentId}/tracking`, { headers: supplierHeaders, body })
  return { shipmentId, track }
}
