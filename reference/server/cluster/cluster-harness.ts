/**
 * @module Starts real reference-server processes (`reference/server/main.ts`) as the nodes of a
 * cluster on one PostgreSQL and one Redis, for the multi-node tests and `npm run
 * reference:cluster`. Each node is a separate Node process with its own port and node id; they
 * share the database, the Redis key prefix and the signing key, as seed 001's API nodes do.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { captureProcessOutput } from '../testing/suite-capture.ts'
import { baseProcessEnv } from './config/cluster-env.ts'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface ClusterNode {
  id: string
  /** e.g. `http://127.0.0.1:40123` */
  url: string
  process: ChildProcess
  /** Everything the node printed, for diagnostics. */
  output: () => string
  /** Resolves when the process has exited. */
  exited: Promise<number | null>
  /** SIGTERM (graceful) or SIGKILL (`kill -9`). */
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

/** Environment variables every node of one cluster shares. */
export const clusterEnv = (options: {
  databaseUrl: string
  redisUrl: string
  prefix: string
  signingKey?: string
  extra?: Record<string, string>
}): Record<string, string> => ({
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DATABASE_URL: options.databaseUrl,
  REDIS_URL: options.redisUrl,
  BLUEROUND_REDIS_PREFIX: options.prefix,
  // One key for the whole cluster: a token signed by one node verifies on every other.
  BLUEROUND_SIGNING_KEY: options.signingKey ?? randomBytes(36).toString('base64url'),
  ...options.extra,
})

/** Starts one node and resolves once it listens (it prints its URL in the banner). */
export const startNode = (
  id: string,
  env: Record<string, string>,
  options: {
    port?: number
    timeoutMs?: number
    inheritOutput?: boolean
    /** Another script that prints `listening on <url>` (the bench's bare Hono server). */
    script?: string
    args?: string[]
  } = {},
): Promise<ClusterNode> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? MAIN, ...(options.args ?? [])], {
      env: {
        ...baseProcessEnv(),
        ...env,
        BLUEROUND_NODE_ID: id,
        PORT: String(options.port ?? 0),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Inside vitest only: the secrets-in-logs check reads what the node printed.
    captureProcessOutput(child, `node ${id}`, env)
    let output = ''
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Node ${id} did not start within the timeout:\n${output}`))
    }, options.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      if (options.inheritOutput === true) process.stdout.write(text.replaceAll(/^/gm, `[${id}] `))
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] !== undefined && timer.hasRef()) {
        clearTimeout(timer)
        timer.unref()
        resolve({
          id,
          url: match[1],
          process: child,
          output: () => output,
          exited,
          kill(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal)
            return exited
          },
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => {
      if (timer.hasRef()) {
        clearTimeout(timer)
        timer.unref()
        reject(new Error(`Node ${id} exited with ${String(code)} before listening:\n${output}`))
      }
    })
  })

/** Runs one statement on a short-lived connection (database administration). */
export const adminQuery = async (url: string, statement: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Creates a fresh database next to `baseUrl`'s and returns its URL and a way to drop it. */
export const createFreshDatabase = async (baseUrl: string, label: string) => {
  const name = `blueround_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  await adminQuery(baseUrl, `create database ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`),
  }
}
