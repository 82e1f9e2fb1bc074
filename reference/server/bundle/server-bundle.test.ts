import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { captureProcessOutput } from '../testing/suite-capture.ts'
import { buildServerBundle } from './build-bundle.ts'
import { checkBundle, describeInput, type BundleManifest } from './server-bundle.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fake repository with one source file and a manifest describing it. */
const fakeRepo = (manifest?: Partial<BundleManifest>) => {
  const root = mkdtempSync(path.join(tmpdir(), 'blueround-bundle-'))
  dirs.push(root)
  const dir = path.join(root, '.cache/server')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(root, 'app.ts'), 'export const a = 1\n')
  const input = describeInput('app.ts', root)
  if (input === undefined) throw new Error('no input')
  const full: BundleManifest = {
    node: process.version,
    entry: 'b1/boot.mjs',
    inputs: [input],
    ...manifest,
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(full))
  return { root, dir }
}

describe('checkBundle', () => {
  it('returns the entry while every input is unchanged', () => {
    const where = fakeRepo()
    expect(checkBundle(where)).toEqual({ entry: path.join(where.dir, 'b1/boot.mjs') })
  })

  it('is stale when a source changed, naming the file', () => {
    const where = fakeRepo()
    writeFileSync(path.join(where.root, 'app.ts'), 'export const a = 22\n')
    expect(checkBundle(where)).toEqual({ stale: 'app.ts changed' })
  })

  it('is stale when only the mtime changed (same size)', () => {
    const where = fakeRepo()
    utimesSync(path.join(where.root, 'app.ts'), new Date(), new Date(Date.now() + 5000))
    expect(checkBundle(where)).toEqual({ stale: 'app.ts changed' })
  })

  it('is stale when a source was removed, or the bundle was built for another Node', () => {
    const removed = fakeRepo()
    rmSync(path.join(removed.root, 'app.ts'))
    expect(checkBundle(removed)).toEqual({ stale: 'app.ts was removed' })
    expect(checkBundle(fakeRepo({ node: 'v22.0.0' }))).toEqual({
      stale: 'bundled for Node v22.0.0',
    })
  })

  it('is stale when there is no manifest', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'blueround-bundle-'))
    dirs.push(root)
    expect(checkBundle({ root, dir: path.join(root, 'none') })).toEqual({ stale: 'no bundle yet' })
  })
})

describe('the built bundle', () => {
  it('is what main.ts starts from, and it serves', { timeout: 60_000 }, async () => {
    await buildServerBundle()
    const data = mkdtempSync(path.join(tmpdir(), 'blueround-bundle-data-'))
    dirs.push(data)
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../main.ts')], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', BLUEROUND_DATA_DIR: data },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    captureProcessOutput(child, 'main.ts (bundle)')
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const match = /listening on (\S+) in/.exec(output)
        if (match?.[1] && output.includes('Loaded from')) resolve(match[1])
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
    })
    try {
      expect(output).toContain('Loaded from: bundle')
      const health = await fetch(`${url}/health`)
      expect(health.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  })
})
