/**
 * @module The server process of `npm run soak`: `main.ts` in a child process with the memory
 * probe preloaded (memory-probe.ts), and the two ways the soak reads its memory: the resident set
 * as the operating system sees it, and the live heap after a forced full collection.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const MAIN = path.resolve(import.meta.dirname, '../server/main.ts')
const PROBE = path.resolve(import.meta.dirname, 'memory-probe.ts')

export interface SoakServer {
  child: ChildProcess
  url: string
  /** Resident set size in bytes, from `/proc` (Linux), without touching the process. */
  rss(): number
  /** `process.memoryUsage()` of the server right after two forced full collections. */
  collectedMemory(): Promise<NodeJS.MemoryUsage>
  stop(): Promise<void>
}

export const startSoakServer = (env: NodeJS.ProcessEnv): Promise<SoakServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, MAIN], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const pid = child.pid ?? 0
    let output = ''
    const waiting: Array<(usage: NodeJS.MemoryUsage) => void> = []
    let buffered = ''
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        if (line.startsWith('soak-memory '))
          waiting.shift()?.(JSON.parse(line.slice(12)) as NodeJS.MemoryUsage)
        newline = buffered.indexOf('\n')
      }
    })
    const onData = (chunk: Buffer) => {
      if (output.length > 100_000) return
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] === undefined) return
      output = '' // only the start-up is of interest
      resolve({
        child,
        url: match[1],
        rss: () => {
          const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
          return Number(kb) * 1024
        },
        collectedMemory: () =>
          new Promise((done) => {
            waiting.push(done)
            child.kill('SIGUSR2')
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
