/**
 * @module `npm start` (after the build): serves the built docs site and runs the reference server
 * side by side, stopping both when either stops or on Ctrl-C.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { buildServerBundle } from '../reference/server/bundle/build-bundle.ts'
import { checkBundle } from '../reference/server/bundle/server-bundle.ts'
import {
  SERVER_NODE_FLAGS,
  serverProcessEnv,
} from '../reference/server/config/server-process-env.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const docsPort = process.env['DOCS_PORT'] ?? '4321'
const astro = fileURLToPath(new URL('../node_modules/astro/bin/astro.mjs', import.meta.url))

/** Fails fast, naming the fix, when the docs port is taken (Astro would silently pick another). */
async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  }).catch(() => {
    console.error(`Port ${port} on 127.0.0.1 is in use. Stop what uses it, or set DOCS_PORT.`)
    process.exit(1)
  })
}
await ensurePortFree(Number(docsPort))

// The reference server starts from its one-file bundle (see reference/server/bundle/).
if ('stale' in checkBundle()) await buildServerBundle()

const children: ChildProcess[] = [
  spawn(process.execPath, [astro, 'preview', '--host', '127.0.0.1', '--port', docsPort], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [...SERVER_NODE_FLAGS, 'reference/server/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: serverProcessEnv(),
  }),
]

console.log(`Docs site:        http://127.0.0.1:${docsPort}/`)

let stopping = false
function stopAll(code: number): void {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 0))
process.on('SIGINT', () => stopAll(0))
process.on('SIGTERM', () => stopAll(0))
