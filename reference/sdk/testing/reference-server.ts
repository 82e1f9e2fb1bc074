/**
 * @module Test helper: the real reference server, in process (its `fetch` handler injected into
 * the SDK) or listening on a free loopback port, both over the server's own test harness
 * (in-memory SQLite, fake clock), plus an SDK client wired to it.
 */
import { createTestApp, createTenant, type TestApp } from '../../server/testing/test-app.ts'
import { listen, type RunningServer } from '../../server/server.ts'
import { Client } from '../src/client.ts'
import type { ClientOptions } from '../src/options.ts'
import { createFakeTime, type FakeTime } from './fake-time.ts'
import { createFlowRecorder, type FlowRecorder } from './flow-recorder.ts'

/** Any loopback URL works in process: the injected fetch never opens a socket. */
export const IN_PROCESS_URL = 'http://127.0.0.1:8787'

export interface ServerHarness {
  t: TestApp
  time: FakeTime
  flows: FlowRecorder
  /** Requests the SDK sent, in order (method, path, headers). */
  requests: { method: string; path: string; headers: Headers }[]
  fetch: typeof fetch
  /** A client for the Acme admin's API key; override any option. */
  client(options?: ClientOptions): Client
  /** A second tenant key with the given scopes. */
  keyWithScopes(scopes: ('read' | 'write' | 'admin')[]): Promise<string>
}

/** The real app, called in process: no sockets, fake clock shared with the SDK. */
export const inProcessServer = async (): Promise<ServerHarness> => {
  const t = await createTestApp()
  const time = createFakeTime(t.clock)
  const flows = createFlowRecorder()
  const requests: ServerHarness['requests'] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
    })
    return t.app.fetch(request)
  }
  let tenants = 0
  return {
    t,
    time,
    flows,
    requests,
    fetch,
    client: (options = {}) =>
      new Client({
        apiKey: t.acme.key,
        baseUrl: IN_PROCESS_URL,
        fetch,
        sleep: time.sleep,
        now: time.now,
        random: () => 0.5,
        onEvent: flows.onEvent,
        ...options,
      }),
    keyWithScopes: async (scopes) => {
      tenants += 1
      const tenant = await createTenant(t.store, t.clock, { name: `Scoped${tenants}`, scopes })
      return tenant.key
    },
  }
}

export interface ListeningHarness {
  t: TestApp
  server: RunningServer
  flows: FlowRecorder
  close(): Promise<void>
}

/** The real app on a real socket (for timeouts, aborts and network errors). */
export const listeningServer = async (): Promise<ListeningHarness> => {
  const t = await createTestApp()
  const server = await listen(t.app, '127.0.0.1', 0)
  // The first requests compile Hono's router and the hot queries (tens of ms each): pay that
  // here, so tests with short client timeouts measure the request, not the warm-up.
  await (await fetch(`${server.url}/health`)).arrayBuffer()
  await (await fetch(`${server.url}/v1/me`, { headers: t.acme.headers })).arrayBuffer()
  return { t, server, flows: createFlowRecorder(), close: () => server.close() }
}
