import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Plugin } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lazyPushgateway } from './build-bundle.ts'
import { bundleTestEntry } from './test-bundle.ts'

/** What the bundled entry prints: Node's loaded built-ins at each step, and the metrics check. */
interface Report {
  atImport: { https: boolean; tls: boolean }
  pushgateway: { type: string; pushAdd: string }
  afterPushgateway: { https: boolean; tls: boolean }
  metrics: string
}

/**
 * Imports prom-client, then notes whether `https`/`tls` are loaded before and after the first
 * `new Pushgateway`, and checks that a counter in its own registry still renders.
 */
const ENTRY = `import client from 'prom-client'
const loaded = () => ({
  https: process.moduleLoadList.includes('NativeModule https'),
  tls: process.moduleLoadList.includes('NativeModule tls'),
})
const atImport = loaded()
const gateway = new client.Pushgateway('http://127.0.0.1:9')
const afterPushgateway = loaded()
const reg = new client.Registry()
const counter = new client.Counter({ name: 'x_total', help: 'x', registers: [reg] })
counter.inc()
const metrics = await reg.metrics()
process.stdout.write(JSON.stringify({
  atImport,
  pushgateway: { type: typeof gateway, pushAdd: typeof gateway?.pushAdd },
  afterPushgateway,
  metrics,
}))
`

let dir = ''
const reports = new Map<string, Promise<Report>>()

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'blueround-lazy-pushgateway-'))
  writeFileSync(path.join(dir, 'entry.mjs'), ENTRY)
})

afterAll(() => {
  reports.clear()
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

/** Bundles the entry as the server bundle is built (ESM for Node, `require` from the banner). */
const bundleAndRun = async (name: string, plugins: Plugin[]): Promise<Report> => {
  const outfile = await bundleTestEntry(dir, name, plugins)
  const output = execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8' })
  return JSON.parse(output) as Report
}

/** Each build is made and run once, however many tests read its report. */
const reportOf = (name: 'lazy' | 'eager'): Promise<Report> => {
  let report = reports.get(name)
  if (report === undefined) {
    report = bundleAndRun(name, name === 'lazy' ? [lazyPushgateway] : [])
    reports.set(name, report)
  }
  return report
}

describe('lazyPushgateway', () => {
  it('keeps https and tls unloaded until the first Pushgateway is made', async () => {
    const report = await reportOf('lazy')
    expect(report.atImport).toEqual({ https: false, tls: false })
    expect(report.pushgateway).toEqual({ type: 'object', pushAdd: 'function' })
    expect(report.afterPushgateway).toEqual({ https: true, tls: true })
  })

  it('leaves counters and registries working', async () => {
    const report = await reportOf('lazy')
    expect(report.metrics).toContain('x_total 1')
  })

  it('is what keeps https out: without it prom-client loads https at import', async () => {
    const report = await reportOf('eager')
    expect(report.atImport).toEqual({ https: true, tls: true })
    expect(report.pushgateway).toEqual({ type: 'object', pushAdd: 'function' })
    expect(report.metrics).toContain('x_total 1')
  })
})
