/**
 * @module Records, for the whole-suite secrets-in-logs check, every log line the test suite's
 * servers write and every secret its tests use: NDJSON records appended to one file per process
 * in `.cache/test-logs/` (`npm test` empties it first; `scripts/check-secrets-in-logs.ts` reads
 * it). Log lines come from the test apps' captured logger (`test-app.ts`) and from the output of
 * server processes the tests start ({@link captureProcessOutput}); secrets from the requests and
 * responses the tests make (`suite-fetch.ts`) and the credentials the harness issues.
 *
 * Recording is on inside vitest only (`config/capture-env.ts`), so the bench and
 * `npm run reference:cluster`, which share the spawn helpers, write nothing.
 */
import type { ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import path from 'node:path'
import { captureEnabled as enabled } from './config/capture-env.ts'
import { testBackend } from './config/scaleout-env.ts'
import { MIN_SECRET_LENGTH, found, kindOfField, type FoundSecret } from './secret-extraction.ts'

/** From the repository root. */
export const CAPTURE_DIR = '.cache/test-logs'
const ROOT = path.resolve(import.meta.dirname, '../../..')

export interface LogLineRecord {
  type: 'line'
  /** `app` (a test app's logger) or `process <label>` (a server process's stdout/stderr). */
  source: string
  test: string
  backend: string
  text: string
}

export interface SecretRecord {
  type: 'secret'
  kind: string
  value: string
  via: string
  test: string
}

export type CaptureRecord = LogLineRecord | SecretRecord

const backend = () => (testBackend() === 'postgres' ? 'postgres' : 'sqlite')

let currentTest = '(outside a test)'
const buffer: string[] = []
const seenSecrets = new Set<string>()
let exitHookInstalled = false

/** Names the test that is running, for the records that follow (set by the vitest setup file). */
export const setCurrentTest = (name: string) => {
  currentTest = name
}

/** Appends what is buffered to this process's file (synchronously: it also runs on exit). */
export const flushCapture = () => {
  if (buffer.length === 0) return
  const dir = path.join(ROOT, CAPTURE_DIR)
  mkdirSync(dir, { recursive: true })
  const fd = openSync(path.join(dir, `${process.pid}.ndjson`), 'a')
  try {
    writeSync(fd, buffer.splice(0).join(''))
  } finally {
    closeSync(fd)
  }
}

const push = (record: CaptureRecord) => {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', flushCapture)
  }
  buffer.push(`${JSON.stringify(record)}\n`)
  if (buffer.length >= 500) flushCapture()
}

/** One line a server logged or printed (blank lines are skipped). */
export const captureLogLine = (source: string, text: string) => {
  if (!enabled() || text.trim() === '') return
  push({ type: 'line', source, test: currentTest, backend: backend(), text })
}

/** Secrets the suite used; each value is recorded once per process. */
export const captureSecrets = (secrets: readonly FoundSecret[]) => {
  if (!enabled()) return
  for (const { kind, value, via } of secrets) {
    if (value.length < MIN_SECRET_LENGTH || seenSecrets.has(value)) continue
    seenSecrets.add(value)
    push({ type: 'secret', kind, value, via, test: currentTest })
  }
}

/** One secret the harness itself holds or issues (a tenant's API key, the signing key). */
export const captureSecret = (kind: string, value: string, via: string) =>
  captureSecrets(found(value, kind, via))

/**
 * Records a server process's stdout and stderr line by line, and the secrets of the environment
 * it was started with (variables named `*KEY`, `*SECRET`, `*PASSWORD`, `*TOKEN`).
 */
export const captureProcessOutput = (
  child: ChildProcess,
  label: string,
  env: Record<string, string | undefined> = {},
) => {
  if (!enabled()) return
  captureSecrets(
    Object.entries(env).flatMap(([name, value]) =>
      value !== undefined && /(?:KEY|KEYS|SECRET|PASSWORD|TOKEN)$/.test(name)
        ? value
            .split(',')
            .flatMap((part) =>
              found(part, kindOfField(name.replace(/S$/, '')) ?? 'key', `env ${name} of ${label}`),
            )
        : [],
    ),
  )
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue
    let rest = ''
    stream.on('data', (chunk: Buffer | string) => {
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) captureLogLine(`process ${label}`, line)
    })
    stream.once('close', () => {
      captureLogLine(`process ${label}`, rest)
      rest = ''
      flushCapture()
    })
  }
}
