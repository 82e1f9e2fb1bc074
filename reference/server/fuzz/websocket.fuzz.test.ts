/**
 * Fuzzes the `/web` WebSocket protocol with real clients (see websocket-runner.ts). Prints
 * `ws fuzz: <n> frames` and writes `{ frames }` to `.cache/test-results/ws-fuzz.json`.
 * `WS_FUZZ_RUNS` sets the number of cases, `FUZZ_SEED` replays a run.
 */
import { trace, type TracerProvider } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFigures } from '../../../site/checks/test-summary.ts'
import { responseProblem, runWsFuzz } from './websocket-runner.ts'

const RUNS = Number(process.env.WS_FUZZ_RUNS ?? 4000)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

describe('WebSocket fuzzing', () => {
  // As in routes.fuzz.test.ts: flow recording would slow every frame and proves nothing here.
  const recorder = (
    trace.getTracerProvider() as TracerProvider & { getDelegate(): TracerProvider }
  ).getDelegate()
  beforeAll(() => trace.disable())
  afterAll(() => void trace.setGlobalTracerProvider(recorder))

  it('tells a documented response from anything else', () => {
    expect(responseProblem('{"pkg_id":null,"req_id":null,"status_code":2,"msg":"x"}')).toBe(
      undefined,
    )
    expect(responseProblem('{"pkg_id":1,"req_id":"a","status_code":4,"msg":"x"}')).toMatch(/4/)
    expect(responseProblem('{"pkg_id":1,"req_id":"a","status_code":1}')).toMatch(/msg/)
    expect(responseProblem('{"pkg_id":1,"req_id":"a","status_code":0,"stack":"…"}')).toMatch(
      /stack/,
    )
    expect(responseProblem('<html>')).toBe('not JSON')
  })

  it(`${RUNS} generated cases: documented replies and closes, bystander and health unharmed`, async () => {
    const report = await runWsFuzz({ runs: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) })
    process.stdout.write(
      `ws fuzz: ${report.frames} frames (${report.cases} cases) in ${report.ms} ms, ` +
        `replies ${JSON.stringify(report.replies)}, closes ${JSON.stringify(report.closes)}, ` +
        `violations ${report.violations.length}\n`,
    )
    writeFigures('ws-fuzz', { frames: report.frames })
    expect(report.violations).toEqual([])
    expect(report.cases).toBe(RUNS)
    expect(report.bystanderOk).toBe(true)
    expect(report.healthyAfter).toBe(true)
    // The cases reach every documented answer: OK, rate limit, invalid data, and 1009.
    for (const status of ['0', '1', '2']) expect(report.replies[status] ?? 0).toBeGreaterThan(0)
    expect(report.closes['1009'] ?? 0).toBeGreaterThan(0)
  }, 60_000)
})
