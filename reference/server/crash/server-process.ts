/**
 * @module The real server as a child process (`node reference/server/main.ts`) on a temporary
 * data directory, for the crash tests: start it, wait for its banner, let it die at a crash point
 * (or stop it), and open its SQLite file directly while it is down.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import { captureProcessOutput } from '../testing/suite-capture.ts'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
export const DEV_API_KEY = 'brk_crashtst_blueround-crash-test-key-0000000000'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Resolves with the signal (e.g. `SIGKILL`) or exit code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>
  output(): string
}

/** A data directory that outlives restarts; `remove()` deletes it. */
export const createDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'blueround-crash-'))
  return {
    dir,
    databasePath: path.join(dir, 'blueround.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Starts `main.ts` with `env` on a random port and resolves once it is listening. */
export const startServer = (dataDir: string, env: Record<string, string>): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const childEnv = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      BLUEROUND_DATA_DIR: dataDir,
      BLUEROUND_DEV_API_KEY: DEV_API_KEY,
      BLUEROUND_SIGNING_KEY: 'crash-test-signing-key-0123456789-0123456789',
      BLUEROUND_RATE_LIMITS: 'bench',
      BLUEROUND_JOB_POLL_MS: '50',
      // The sources under test, never a prebuilt bundle of an older state of them.
      BLUEROUND_BUNDLE: 'off',
      ...env,
    }
    const child = spawn(process.execPath, [MAIN], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    captureProcessOutput(child, 'main.ts (crash harness)', childEnv)
    let output = ''
    const exited = new Promise<NodeJS.Signals | number | null>((done) =>
      child.once('exit', (code, signal) => done(signal ?? code)),
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match?.[1] !== undefined) {
        child.stdout?.off('data', onData)
        child.stdout?.on('data', (more: Buffer) => (output += more.toString()))
        resolve({ url: match[1], child, exited, output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then((how) =>
      reject(new Error(`server exited (${how}) before listening:\n${output}`)),
    )
  })

/** Stops a server gracefully (SIGTERM) and waits for it to exit. */
export const stopServer = async (server: ServerProcess) => {
  if (server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGTERM')
  return server.exited
}

/** Runs `fn` against the database file while no server holds it, then closes it. */
export const inspectDatabase = <T>(databasePath: string, fn: (db: DatabaseSync) => T): T => {
  const db = new DatabaseSync(databasePath)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes. */
export const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met in ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
