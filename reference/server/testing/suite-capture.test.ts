/**
 * The capture behind the whole-suite secrets-in-logs check records what it must: the test app's
 * log lines, the secrets requests send and responses return (in process and over fetch), and a
 * server process's output. No secret is logged here, so the real check stays clean.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listen } from '../server.ts'
import {
  CAPTURE_DIR,
  captureProcessOutput,
  flushCapture,
  type CaptureRecord,
} from './suite-capture.ts'
import { settleObservations } from './suite-fetch.ts'
import { body, createTestApp } from './test-app.ts'

const recorded = async (): Promise<CaptureRecord[]> => {
  await settleObservations()
  flushCapture()
  const file = path.resolve(import.meta.dirname, '../../..', CAPTURE_DIR, `${process.pid}.ndjson`)
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CaptureRecord)
}
const secretValues = (records: CaptureRecord[]) =>
  new Map(records.flatMap((r) => (r.type === 'secret' ? [[r.value, r.kind] as const] : [])))

describe('suite capture', () => {
  it('records the app log lines and the secrets of in-process requests and responses', async () => {
    const t = await createTestApp()
    const password = `capture-test-password-${Date.now()}`
    await t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'x@acme.test', password }),
    })
    const created = await body(
      await t.app.request('/v1/api-keys', {
        method: 'POST',
        headers: { ...t.acme.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'captured', scopes: ['read'] }),
      }),
    )
    const records = await recorded()
    const secrets = secretValues(records)
    expect(secrets.get(password)).toBe('password')
    expect(secrets.get(t.acme.key)).toBe('api-key')
    expect(secrets.get(created.data.key as string)).toBe('api-key')
    expect(secrets.get(t.config.signingKey)).toBe('signing-key')
    const lines = records.filter((r) => r.type === 'line' && r.source === 'app')
    expect(lines.length).toBeGreaterThanOrEqual(t.logs.length)
    expect(lines.at(-1)?.test).toContain('suite-capture.test.ts > suite capture > records the app')
  })

  it('records what the global fetch sends and receives over a socket', async () => {
    const t = await createTestApp()
    const running = await listen(t.app, '127.0.0.1', 0)
    try {
      const response = await fetch(`${running.url}/v1/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.acme.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'over fetch', scopes: ['read'] }),
      })
      const created = await body(response)
      const secrets = secretValues(await recorded())
      expect(secrets.get(created.data.key as string)).toBe('api-key')
    } finally {
      await running.close()
    }
  })

  it("records a server process's stdout and stderr line by line, and its env secrets", async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "process.stdout.write('one\\ntw'); setTimeout(() => { console.log('o'); console.error('three') }, 20)",
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    captureProcessOutput(child, 'capture probe', { PROBE_API_KEY: 'probe-key-0123456789' })
    await new Promise((resolve) => child.once('close', resolve))
    const records = await recorded()
    const lines = records.flatMap((r) =>
      r.type === 'line' && r.source === 'process capture probe' ? [r.text] : [],
    )
    expect(lines.sort()).toEqual(['one', 'three', 'two'])
    expect(secretValues(records).get('probe-key-0123456789')).toBe('key')
  })
})
