/** Start-up tests: the real entry point, as `npm run reference` runs it. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { captureProcessOutput } from './testing/suite-capture.ts'

const MAIN = path.resolve(import.meta.dirname, 'main.ts')
const DEV_KEY = 'brk_devacme1_blueround-dev-api-key-0000000000'

interface Started {
  url: string
  key: string
  startupMs: number
  output: () => string
  stop: () => Promise<number | null>
}

const start = (env: Record<string, string>): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    captureProcessOutput(child, 'main.ts', env)
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /listening on (\S+) in (\d+) ms/.exec(output)
      const key = /Dev API key[^:]*: (\S+)/.exec(output)
      if (listening?.[1] && key?.[1])
        resolve({
          url: listening[1],
          key: key[1],
          startupMs: Number(listening[2]),
          output: () => output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code))
              child.kill('SIGTERM')
            }),
        })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })

const dirs: string[] = []
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'blueround-main-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('main.ts', () => {
  it('starts, prints the banner with the dev login and key, serves, and keeps data across restarts', async () => {
    const dir = dataDir()
    const first = await start({ BLUEROUND_DATA_DIR: dir })
    expect(first.output()).toContain('Dev login: admin@acme.test / blueround-dev-admin')
    const headers = { authorization: `Bearer ${first.key}` }
    const me = await fetch(`${first.url}/v1/me`, { headers })
    expect(me.status).toBe(200)
    expect((await me.json()).data.user.email).toBe('admin@acme.test')
    const created = await fetch(`${first.url}/v1/api-keys`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'survives restarts' }),
    })
    expect(created.status).toBe(201)
    expect(await first.stop()).toBe(0)

    const second = await start({ BLUEROUND_DATA_DIR: dir })
    try {
      const list = await fetch(`${second.url}/v1/api-keys`, {
        headers: { authorization: `Bearer ${second.key}` },
      })
      const names = (await list.json()).data.map((k: { name: string }) => k.name)
      expect(names).toContain('survives restarts')
      // The dev key is re-issued at each start; the previous one no longer works.
      expect((await fetch(`${second.url}/v1/me`, { headers })).status).toBe(401)
    } finally {
      await second.stop()
    }
  })

  it('uses BLUEROUND_DEV_API_KEY as the dev key when set', async () => {
    const server = await start({ BLUEROUND_DATA_DIR: dataDir(), BLUEROUND_DEV_API_KEY: DEV_KEY })
    try {
      expect(server.key).toBe(DEV_KEY)
      const res = await fetch(`${server.url}/v1/me`, {
        headers: { authorization: `Bearer ${DEV_KEY}` },
      })
      expect(res.status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it('refuses to start in production with dev defaults, naming each variable and its fix', async () => {
    const error = await start({ NODE_ENV: 'production', BLUEROUND_DATA_DIR: dataDir() }).catch(
      (e: unknown) => e,
    )
    expect(String(error)).toContain('exited with 78')
    expect(String(error)).toContain('BLUEROUND_ADMIN_PASSWORD: is required in production. Fix:')
    expect(String(error)).toContain('BLUEROUND_SIGNING_KEY: is required in production')
  })
})
