import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { setResponseHeader, setResponseHeaders } from './response-headers.ts'

const app = new Hono()
app.use('*', (c, next) => {
  setResponseHeaders(c, [
    ['x-one', '1'],
    ['cache-control', 'no-cache'],
  ])
  setResponseHeader(c, 'X-Two', '2')
  return next()
})
app.get('/plain', (c) => c.json({ ok: true }))
app.get('/override', (c) => {
  c.header('Cache-Control', 'no-store')
  return c.json({ ok: true })
})
app.get('/raw', () => new Response('raw', { status: 201 }))
app.get('/throws', () => {
  throw new Error('boom')
})
app.onError((_error, c) => c.json({ failed: true }, 500))

const servers: Array<{ close(): void }> = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** Serves `app` on a free port, as @hono/node-server does in production. */
const overHttp = async (path: string): Promise<Response> => {
  const url = await new Promise<string>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve(`http://127.0.0.1:${(info as AddressInfo).port}`),
    )
    servers.push(server)
  })
  return fetch(`${url}${path}`)
}

const inProcess = async (path: string): Promise<Response> => app.request(path)

describe.each([
  ['@hono/node-server (Node response headers)', overHttp],
  ['app.request (c.header)', inProcess],
])('response headers via %s', (_name, send) => {
  it('reach a JSON response, once each', async () => {
    const res = await send('/plain')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-one')).toBe('1')
    expect(res.headers.get('x-two')).toBe('2')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ ok: true })
  })

  it("lose to the handler's own header of the same name", async () => {
    const res = await send('/override')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-one')).toBe('1')
  })

  it('reach a raw Response and an error response', async () => {
    const raw = await send('/raw')
    expect(raw.status).toBe(201)
    expect(await raw.text()).toBe('raw')
    expect(raw.headers.get('x-two')).toBe('2')
    const failed = await send('/throws')
    expect(failed.status).toBe(500)
    expect(failed.headers.get('x-one')).toBe('1')
    expect(failed.headers.get('x-two')).toBe('2')
  })
})
