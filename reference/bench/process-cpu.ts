/**
 * @module CPU time of another process, from Linux's `/proc/<pid>/stat`, so a benchmark can report
 * what a request costs the server itself, split into user space and kernel.
 *
 * Requests per second against a loopback load generator mix two things: the server's own work and
 * how busy the generator is. When the generator idles between responses, every response the
 * server writes also pays for waking it (on a virtual machine, an interprocessor interrupt inside
 * the server's `write`), so a slower server pays more per request than a faster one. CPU time per
 * request shows the server's cost directly.
 *
 * Written here because the split is the point: `pidusage`, the usual package, reads the same file
 * on Linux but reports only the sum of user and kernel time.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface CpuTime {
  /** Milliseconds in user space. */
  userMs: number
  /** Milliseconds in the kernel (system calls, and the loopback network stack they run). */
  systemMs: number
}

let ticksPerSecond: number | undefined
const clockTicks = (): number => {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    } catch {
      ticksPerSecond = Number.NaN
    }
    // USER_HZ is 100 on every Linux architecture Node supports.
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100
  }
  return ticksPerSecond
}

/** Parses a `/proc/<pid>/stat` line: fields 14 and 15 are utime and stime in clock ticks. */
export const parseProcStat = (stat: string, ticks = 100): CpuTime => {
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`)
  return { userMs: (utime * 1000) / ticks, systemMs: (stime * 1000) / ticks }
}

/** The process's CPU time so far, or `undefined` where `/proc` is not available (not Linux). */
export const processCpu = (pid: number | undefined): CpuTime | undefined => {
  if (pid === undefined) return undefined
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicks())
  } catch {
    return undefined
  }
}

/** Microseconds of CPU per request between two readings. */
export const cpuPerRequest = (
  before: CpuTime | undefined,
  after: CpuTime | undefined,
  requests: number,
): { userUs: number; systemUs: number } | undefined =>
  before === undefined || after === undefined || requests <= 0
    ? undefined
    : {
        userUs: ((after.userMs - before.userMs) * 1000) / requests,
        systemUs: ((after.systemMs - before.systemMs) * 1000) / requests,
      }
