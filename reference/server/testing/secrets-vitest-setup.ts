/**
 * @module vitest setup file of the whole-suite secrets-in-logs check: watches the global `fetch`
 * of each test worker for the secrets tests send and receive, names the running test in what is
 * recorded, and writes the records out after each test file (`suite-capture.ts`). The check
 * itself runs after the suites: `scripts/check-secrets-in-logs.ts`.
 */
import { relative, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { flushCapture, setCurrentTest } from './suite-capture.ts'
import { settleObservations, watchFetch } from './suite-fetch.ts'

const root = resolve(import.meta.dirname, '../../..')
const testFile = () => relative(root, expect.getState().testPath ?? '')

globalThis.fetch = watchFetch(globalThis.fetch)

beforeAll(() => {
  setCurrentTest(`${testFile()} (setup)`)
})

beforeEach(() => {
  setCurrentTest(`${testFile()} > ${expect.getState().currentTestName ?? '(unnamed)'}`)
})

afterAll(async () => {
  await settleObservations()
  setCurrentTest(`${testFile()} (teardown)`)
  flushCapture()
})
