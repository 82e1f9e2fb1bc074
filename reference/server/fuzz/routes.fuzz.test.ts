/**
 * Fuzzes every operation of the OpenAPI document (see fuzz-runner.ts). CI runs 10 000 cases;
 * `npm run fuzz` (scripts/fuzz.ts) runs more (`npm run fuzz -- 100000`). `FUZZ_SEED` replays a run.
 */
import { trace, type TracerProvider } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFigures } from '../../../site/checks/test-summary.ts'
import { testBackend } from '../testing/config/scaleout-env.ts'
import { formatReport, runFuzz } from './fuzz-runner.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

describe('route fuzzing', () => {
  // Flow recording (the conformance recorder) would make every case 4x slower, and the fuzzer's
  // runs prove nothing about the diagrams: it is switched off for this file only.
  const recorder = (
    trace.getTracerProvider() as TracerProvider & { getDelegate(): TracerProvider }
  ).getDelegate()
  beforeAll(() => trace.disable())
  afterAll(() => void trace.setGlobalTracerProvider(recorder))

  it(`${RUNS} generated requests: no 5xx, documented envelopes, no rows from rejected requests, healthy after`, async () => {
    const report = await runFuzz({ runs: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) })
    process.stdout.write(`${formatReport(report)}\n`)
    // For the closing figures of `npm test` (site/checks/test-summary.ts), one file per backend.
    writeFigures(testBackend() === 'postgres' ? 'fuzz-postgres' : 'fuzz', {
      cases: report.runs,
      serverErrors: report.serverErrors,
    })
    expect(report.violations).toEqual([])
    expect(report.serverErrors).toBe(0)
    expect(report.runs).toBe(RUNS)
    expect(report.healthyAfter).toBe(true)
    expect(report.secretsInLogs).toBe(0)
    // Every mutation reaches the server's answers it is meant to provoke.
    for (const status of ['200', '201', '400', '401', '404', '413', '415', '422'])
      expect(report.statuses[status] ?? 0).toBeGreaterThan(0)
  }, 180_000)
})
