import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { listen, type RunningServer } from '../server.ts'
import { createTestApp } from '../testing/test-app.ts'

/** Sends raw bytes and resolves with everything the server writes before closing. */
const raw = (url: string, request: string) =>
  new Promise<string>((resolve, reject) => {
    const { port, hostname } = new URL(url)
    const socket = connect(Number(port), hostname, () => socket.write(request))
    let data = ''
    socket.on('data', (chunk) => (data += chunk.toString()))
    socket.on('close', () => resolve(data))
    socket.on('error', reject)
  })

const envelopeOf = (response: string) =>
  JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))

describe('limits enforced by the HTTP server', () => {
  let server: RunningServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('answers 431 HEADERS_TOO_LARGE in the envelope for a head over maxHeaderBytes', async () => {
    const t = await createTestApp({ config: { maxHeaderBytes: 4_096 } })
    server = await listen(t.app, '127.0.0.1', 0)
    const response = await raw(
      server.url,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(8_000)}\r\n\r\n`,
    )
    expect(response).toMatch(/^HTTP\/1\.1 431 /)
    expect(envelopeOf(response)).toMatchObject({
      success: false,
      error: { code: 'HEADERS_TOO_LARGE' },
    })
  })

  it('serves a head under the cap', async () => {
    const t = await createTestApp({ config: { maxHeaderBytes: 4_096 } })
    server = await listen(t.app, '127.0.0.1', 0)
    const res = await fetch(`${server.url}/health`, { headers: { 'x-big': 'a'.repeat(2_000) } })
    expect(res.status).toBe(200)
  })

  it('answers unparsable HTTP with 400 VALIDATION_ERROR in the envelope', async () => {
    const t = await createTestApp()
    server = await listen(t.app, '127.0.0.1', 0)
    const response = await raw(server.url, 'NOT HTTP AT ALL\r\n\r\n')
    expect(response).toMatch(/^HTTP\/1\.1 400 /)
    expect(envelopeOf(response).error.code).toBe('VALIDATION_ERROR')
  })

  it('applies the seed 003 upload limit as the time a whole request may take', async () => {
    const t = await createTestApp({ config: { uploadTimeoutMs: 300_000 } })
    server = await listen(t.app, '127.0.0.1', 0)
    expect(server.server).toMatchObject({ requestTimeout: 300_000, headersTimeout: 60_000 })
  })
})
