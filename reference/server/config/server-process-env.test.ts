import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../bundle/server-bundle.ts'
import { SERVER_NODE_FLAGS, serverProcessEnv } from './server-process-env.ts'

const scripts = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts

const NEW_SPACE_SIZE =
  "require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size"

describe('server process settings', () => {
  it('npm run reference starts main.ts with the shared Node flags and the compile cache', () => {
    expect(scripts['reference']).toContain(
      `NODE_COMPILE_CACHE=.cache/server/compile-cache node ${SERVER_NODE_FLAGS.join(' ')} reference/server/main.ts`,
    )
  })

  it("gives the process a 16 MB young generation (V8's default starts at 1 MB)", () => {
    const read = (flags: readonly string[]) =>
      Number(execFileSync(process.execPath, [...flags, '-p', NEW_SPACE_SIZE], { encoding: 'utf8' }))
    expect(read(SERVER_NODE_FLAGS)).toBe(16 * 1024 * 1024)
    expect(read([])).toBeLessThan(16 * 1024 * 1024)
  })

  it("keeps a caller's own NODE_COMPILE_CACHE", () => {
    expect(serverProcessEnv({ NODE_COMPILE_CACHE: '/elsewhere' })['NODE_COMPILE_CACHE']).toBe(
      '/elsewhere',
    )
    expect(serverProcessEnv({})['NODE_COMPILE_CACHE']).toMatch(
      /\.cache[\\/]server[\\/]compile-cache$/,
    )
  })
})
