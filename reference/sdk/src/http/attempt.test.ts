import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listeningServer, type ListeningHarness } from '../../testing/reference-server.ts'
import { Client } from '../client.ts'
import { NetworkError, TimeoutError } from '../errors/index.ts'

/** Real sockets: a listening reference server, real fetch, instant injected sleeps. */
let h: ListeningHarness
beforeAll(async () => {
  h = await listeningServer()
})
afterAll(async () => {
  await h.close()
})

const client = (options: ConstructorParameters<typeof Client>[0] = {}) => {
  const sleeps: number[] = []
  const c = new Client({
    apiKey: h.t.acme.key,
    baseUrl: h.server.url,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    onEvent: h.flows.onEvent,
    ...options,
  })
  return { c, sleeps }
}

describe('timeouts, network errors and aborts (listening reference server)', () => {
  it('aborts a slow attempt after `timeout` ms with an AbortSignal, retries, then raises TimeoutError', async () => {
    const { c, sleeps } = client({ timeout: 100, maxRetries: 1 })
    await c.initialize()
    const started = performance.now()
    const error = await c
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { headers: { 'x-fault-delay-ms': '2000' } },
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ timeout: 100, attempts: 2, method: 'GET' })
    expect((error as TimeoutError).message).toBe(
      `GET ${h.server.url}/v1/me timed out after 100 ms (2 attempts)`,
    )
    expect(sleeps).toEqual([1000])
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('a per-call timeout overrides the client timeout', async () => {
    const { c } = client({ maxRetries: 0 })
    await c.initialize()
    const error = await c
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { timeout: 50, headers: { 'x-fault-delay-ms': '1000' } },
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError', timeout: 50 })
  })

  it('retries a refused connection and raises NetworkError with the cause', async () => {
    const closed = await listeningServer()
    const url = closed.server.url
    await closed.close()
    const { c, sleeps } = client({ baseUrl: url })
    const error = await c.initialize().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ attempts: 4, method: 'GET', url: `${url}/v1/me` })
    expect((error as NetworkError).cause).toBeInstanceOf(Error)
    expect(sleeps).toEqual([1000, 2000, 4000])
  })

  it("rethrows the caller's abort at once, without retrying", async () => {
    const { c, sleeps } = client()
    await c.initialize()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const error = await c
      .request({
        method: 'GET',
        path: '/v1/me',
        options: { signal: controller.signal, headers: { 'x-fault-delay-ms': '2000' } },
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe('AbortError')
    expect(sleeps).toEqual([])
    expect(h.flows.steps('sdk/error-retry').slice(-2)).toEqual(['outcome', 'aborted'])
  })

  it('an abort during a back-off sleep stops the call (real timer sleep)', async () => {
    const { c } = client({ sleep: undefined as never })
    const controller = new AbortController()
    await c.initialize()
    const pending = c.request({
      method: 'GET',
      path: '/v1/me',
      options: { signal: controller.signal, headers: { 'x-fault-status': '503' } },
    })
    setTimeout(() => controller.abort(new Error('stop')), 100)
    await expect(pending).rejects.toThrow('stop')
  })
})
