import { describe, expect, it } from 'vitest'
import { listen } from '../../server.ts'
import { body, createTestApp } from '../../testing/test-app.ts'

const post = (t: Awaited<ReturnType<typeof createTestApp>>, payload: string, extra = {}) =>
  t.app.request('/v1/products', {
    method: 'POST',
    headers: { ...t.acme.headers, 'content-type': 'application/json', ...extra },
    body: payload,
  })

describe('request body cap', () => {
  it('answers 413 PAYLOAD_TOO_LARGE in the envelope for a body over the cap', async () => {
    const t = await createTestApp({ config: { maxBodyBytes: 1_024 } })
    const res = await post(t, JSON.stringify({ name: 'x'.repeat(2_000) }))
    expect(res.status).toBe(413)
    const json = await body(res)
    expect(json).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(json.meta.requestId).toBe(res.headers.get('x-request-id'))
    const list = await body(await t.app.request('/v1/products', { headers: t.acme.headers }))
    expect(list.pagination.total).toBe(0)
  })

  it('lets a body at the cap through to validation', async () => {
    const t = await createTestApp({ config: { maxBodyBytes: 1_024 } })
    const res = await post(t, JSON.stringify({ name: 'x'.repeat(900) }))
    expect(res.status).toBe(422)
  })

  it('refuses a forged Content-Length over the cap before reading anything', async () => {
    const t = await createTestApp({ config: { maxBodyBytes: 1_024 } })
    const res = await post(t, '{}', { 'content-length': '99999999' })
    expect(res.status).toBe(413)
  })

  it('counts a chunked body sent over a real socket (no Content-Length)', async () => {
    const t = await createTestApp({ config: { maxBodyBytes: 1_024 } })
    const server = await listen(t.app, '127.0.0.1', 0)
    try {
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)))
          controller.close()
        },
      })
      const res = await fetch(`${server.url}/v1/products`, {
        method: 'POST',
        headers: { ...t.acme.headers, 'content-type': 'application/json' },
        body: chunks,
        duplex: 'half',
      } as RequestInit)
      expect(res.status).toBe(413)
      expect((await body(res)).error.code).toBe('PAYLOAD_TOO_LARGE')
    } finally {
      await server.close()
    }
  })
})
