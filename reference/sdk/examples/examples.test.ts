/**
 * The docs' code cannot rot: every example in `docs/sdk/*.md` is a file here, byte for byte, and
 * each file runs with Node against a freshly started reference server (`reference/server/main.ts`,
 * with its dev API key), exactly as a reader would run it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureProcessOutput } from '../../server/testing/suite-capture.ts'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../../..')
const docsDir = join(root, 'docs/sdk')
const DEV_API_KEY = 'brk_docsexam_blueround-sdk-examples-key-000000'

/** Every ```ts title="reference/sdk/examples/…" block of every SDK page. */
const blocks = readdirSync(docsDir)
  .filter((file) => file.endsWith('.md'))
  .flatMap((file) =>
    [
      ...readFileSync(join(docsDir, file), 'utf8').matchAll(
        /^```ts title="(reference\/sdk\/examples\/[\w-]+\.ts)"\n([\s\S]*?)^```$/gm,
      ),
    ].map((m) => ({ page: file, path: m[1] ?? '', code: m[2] ?? '' })),
  )
const exampleFiles = readdirSync(import.meta.dirname).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
)

describe('the code blocks in docs/sdk are the example files', () => {
  it('every example file is shown on a page', () => {
    expect(new Set(blocks.map((b) => b.path))).toEqual(
      new Set(exampleFiles.map((f) => `reference/sdk/examples/${f}`)),
    )
  })

  it.each(blocks.map((b) => [b.page, b.path, b.code]))('%s shows %s verbatim', (_, path, code) => {
    expect(code).toBe(readFileSync(join(root, path), 'utf8'))
  })
})

/** Starts `node reference/server/main.ts` on a free port, in memory, and reads its banner. */
const startReferenceServer = async (): Promise<{ url: string; process: ChildProcess }> => {
  const child = spawn(process.execPath, [join(root, 'reference/server/main.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      BLUEROUND_DATABASE_PATH: ':memory:',
      BLUEROUND_DEV_API_KEY: DEV_API_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  captureProcessOutput(child, 'main.ts (SDK examples)', { BLUEROUND_DEV_API_KEY: DEV_API_KEY })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+) in/.exec(output)
      if (match?.[1] !== undefined && output.includes('Dev API key')) resolve(match[1])
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`reference server exited (${code}): ${output}`)))
  })
  expect(output).toContain(`Dev API key (admin, scopes read write admin): ${DEV_API_KEY}`)
  return { url, process: child }
}

const runExample = async (file: string, env: Record<string, string>) => {
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, file)], {
    env: { ...process.env, ...env },
    timeout: 20_000,
  })
  return stdout
}

describe('the examples run against a freshly started reference server', () => {
  let server: { url: string; process: ChildProcess }
  let env: Record<string, string>
  beforeAll(async () => {
    server = await startReferenceServer()
    env = { REDCORE_API_KEY: DEV_API_KEY, REDCORE_BASE_URL: server.url }
  })
  afterAll(() => {
    server.process.kill('SIGTERM')
  })

  it('getting-started.ts', async () => {
    const out = await runExample('getting-started.ts', env)
    expect(out).toBe(
      'Signed in as admin@acme.test (Acme)\nScopes: read write admin\nOrganization: Acme (acme)\n',
    )
  })

  it('retries-and-errors.ts', async () => {
    const out = await runExample('retries-and-errors.ts', env)
    const lines = out.trim().split('\n')
    expect(lines[0]).toMatch(/^Attempt 1 failed; retrying in (9\d\d|1[01]\d\d) ms$/)
    expect(lines[1]).toMatch(/^Attempt 2 failed; retrying in (1[89]\d\d|2[012]\d\d) ms$/)
    expect(lines[2]).toBe('Got Acme after two retries')
    expect(lines[3]).toMatch(/^NotFoundError: 404 NOT_FOUND, request [\w-]+$/)
    expect(lines[4]).toBe('RedcoreAPIError: 500 INTERNAL_ERROR after 2 attempts')
  })

  it('rate-limits.ts', async () => {
    const out = await runExample('rate-limits.ts', env)
    expect(out).toMatch(/^read: \d+ left until \d{4}-\d\d-\d\dT/)
    expect(out).toContain('429: waiting 1000 ms\nThen the retry succeeded: ')
  })

  it('authentication.ts', async () => {
    const out = await runExample('authentication.ts', env)
    expect(out).toMatch(/^Read-only key brk_[a-z0-9]{8}… can read: /)
    expect(out).toContain('PermissionDeniedError: 403 INSUFFICIENT_SCOPE\n')
    expect(out).toContain('AuthenticationError: 401 UNAUTHORIZED\n')
  })

  it('pagination.ts', async () => {
    const out = await runExample('pagination.ts', env)
    expect(out).toMatch(/^Page 1 of \d+: 2 keys, more: true\n\d+ active keys\n$/)
  })

  it('authentication-oauth.ts (password grant against the dev seed admin)', async () => {
    const out = await runExample('authentication-oauth.ts', {
      REDCORE_BASE_URL: server.url,
      REDCORE_API_KEY: '',
    })
    expect(out).toBe('Token request: passwordGrant\nAcme Admin <admin@acme.test>, active\n')
  })
})
