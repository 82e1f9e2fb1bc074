import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { cpuPerRequest, parseProcStat, processCpu } from './process-cpu.ts'

describe('process CPU time', () => {
  it('reads utime and stime even when the command name holds spaces and parentheses', () => {
    const line = '4242 (node (bench) x) R 1 4242 4242 0 -1 4194304 900 0 0 0 350 125 0 0 20 0 11 0'
    expect(parseProcStat(line, 100)).toEqual({ userMs: 3500, systemMs: 1250 })
    expect(parseProcStat(line, 250)).toEqual({ userMs: 1400, systemMs: 500 })
  })

  it('refuses a line it cannot read', () => {
    expect(() => parseProcStat('garbage')).toThrow(/unexpected \/proc stat line/)
  })

  it('divides the CPU spent between two readings by the requests served', () => {
    expect(
      cpuPerRequest({ userMs: 100, systemMs: 50 }, { userMs: 1100, systemMs: 550 }, 10_000),
    ).toEqual({ userUs: 100, systemUs: 50 })
    expect(cpuPerRequest(undefined, { userMs: 1, systemMs: 1 }, 10)).toBeUndefined()
    expect(cpuPerRequest({ userMs: 1, systemMs: 1 }, { userMs: 2, systemMs: 2 }, 0)).toBeUndefined()
  })

  it.runIf(process.platform === 'linux')('sees a busy child process use CPU', async () => {
    const child = spawn(process.execPath, [
      '-e',
      'const t = Date.now() + 400; while (Date.now() < t);',
    ])
    const before = processCpu(child.pid)
    expect(before).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const after = processCpu(child.pid)
    await new Promise((resolve) => child.once('exit', resolve))
    expect(after!.userMs + after!.systemMs).toBeGreaterThan(before!.userMs + before!.systemMs)
    expect(processCpu(child.pid)).toBeUndefined()
  })
})
