/**
 * @module Test helper: an SDK client wired to the OAuth/users CONTRACT STAND-IN (see
 * `oauth-stand-in.ts`), in process, with a fake clock shared by both sides.
 */
import { createFakeClock } from '../../server/lib/clock.ts'
import { Client } from '../src/client.ts'
import type { ClientOptions } from '../src/options.ts'
import { createFakeTime } from './fake-time.ts'
import { createFlowRecorder } from './flow-recorder.ts'
import { createOAuthStandIn, STAND_IN_USER, type StandInOptions } from './oauth-stand-in.ts'
import { IN_PROCESS_URL } from './reference-server.ts'

export const standInHarness = (options: Omit<StandInOptions, 'clock'> = {}) => {
  const clock = createFakeClock(Date.parse('2026-11-22T10:00:00Z'))
  const { app, control } = createOAuthStandIn({ ...options, clock })
  const time = createFakeTime(clock)
  const flows = createFlowRecorder()
  /** Requests whose `x-test-hold` header names a gate wait until the gate is opened. */
  const gates = new Map<string, { promise: Promise<void>; open: () => void }>()
  const gate = (name: string) => {
    let open = () => {}
    const promise = new Promise<void>((resolve) => {
      open = resolve
    })
    gates.set(name, { promise, open })
    return open
  }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const hold = request.headers.get('x-test-hold')
    if (hold !== null) await gates.get(hold)?.promise
    return app.fetch(request)
  }
  /** Sends a token request straight to the stand-in, as another process sharing the tokens would. */
  const useRefreshToken = async (refreshToken: string) =>
    app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }).toString(),
    })
  return {
    app,
    control,
    clock,
    time,
    flows,
    fetch,
    gate,
    useRefreshToken,
    client: (overrides: ClientOptions = {}) =>
      new Client({
        oauth: { ...STAND_IN_USER },
        baseUrl: IN_PROCESS_URL,
        fetch,
        sleep: time.sleep,
        now: time.now,
        random: () => 0.5,
        onEvent: flows.onEvent,
        ...overrides,
      }),
  }
}
