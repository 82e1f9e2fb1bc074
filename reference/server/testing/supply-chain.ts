/**
 * @module Test helpers of the catalog and supply-chain workflows: JSON requests against the
 * in-process app, a real local HTTP receiver standing in for a supplier's webhook endpoint, and
 * fixtures (a product, a supplier).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isCapturing } from '../notifier/index.ts'
import { createMemoryMailer } from '../services/mailer.ts'
import type { TestApp } from './test-app.ts'

/** A JSON request through the whole app; returns the status, headers and parsed body. */
export const call = async (
  t: Pick<TestApp, 'app'>,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
) => {
  const res = await t.app.request(path, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
  const text = await res.text()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: any = text === '' ? undefined : JSON.parse(text)
  return { status: res.status, headers: res.headers, body: json }
}

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A real HTTP server on 127.0.0.1 that records every request. It answers with the next status
 * of `statuses` (then 200), so a test can make the first attempts fail.
 */
export const startReceiver = async (statuses: number[] = []) => {
  const received: ReceivedRequest[] = []
  const queue = [...statuses]
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      res.statusCode = queue.shift() ?? 200
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    /** Makes the next requests answer these statuses. */
    fail(...next: number[]) {
      queue.push(...next)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

let counter = 0

/** Creates a product through the API; returns its body. */
export const createProduct = async (
  t: Pick<TestApp, 'app'>,
  headers: Record<string, string>,
  fields: Record<string, unknown> = {},
) => {
  counter += 1
  const res = await call(t, 'POST', '/v1/products', {
    headers,
    body: {
      name: `Product ${counter}`,
      sku: `SKU-${counter}`,
      barcode: `400000${String(counter).padStart(7, '0')}`,
      reorderLevel: 10,
      reorderQuantity: 50,
      ...fields,
    },
  })
  if (res.status !== 201)
    throw new Error(`createProduct: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.data as { id: string; barcode: string; sku: string; name: string }
}

/** Creates a supplier through the API; returns its body including `apiKey` and the secret. */
export const createSupplier = async (
  t: Pick<TestApp, 'app'>,
  headers: Record<string, string>,
  webhookUrl: string,
) => {
  const res = await call(t, 'POST', '/v1/suppliers', {
    headers,
    body: { name: 'Northwind Fasteners', email: 'orders@northwind.test', webhookUrl },
  })
  if (res.status !== 201)
    throw new Error(`createSupplier: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.data as { id: string; apiKey: string; webhookSecret: string }
}

/**
 * Captures the mail the workflows send, in memory, and returns the list. (The app's own mailer
 * is whatever the deps gave it; tests swap in a memory one through the shared context.)
 */
export const captureMail = (t: Pick<TestApp, 'app'>) => {
  const mailer = createMemoryMailer()
  t.app.supplyChain.ctx.mailer = mailer
  return mailer.sent
}

/** The SMS notifications the capturing notifier kept. */
export const notifications = (t: Pick<TestApp, 'app'>) => {
  const { notifier } = t.app.supplyChain
  if (!isCapturing(notifier)) throw new Error('the test app has no capturing notifier')
  return notifier.list()
}
