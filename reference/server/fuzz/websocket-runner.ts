/**
 * @module Runs the WebSocket fuzzer: real `ws` clients against the app listening on a random
 * port. Each case's frames go to one socket; every reply must be a documented response
 * (`status_code` 0–3 in the documented shape), one per frame, or a documented close (1009 for a
 * frame over the limit). A bystander socket of another user, opened first, must keep answering,
 * and the server must still accept sockets and answer `/health` afterwards.
 */
import fc from 'fast-check'
import { WebSocket } from 'ws'
import { createTenant } from '../testing/test-app.ts'
import { startRealtimeApp } from '../testing/realtime.ts'
import { PKG, STATUS } from '../realtime/protocol.ts'
import { wsCase, type WsCase } from './websocket-frames.ts'

export interface WsFuzzReport {
  cases: number
  frames: number
  replies: Record<string, number>
  closes: Record<string, number>
  violations: string[]
  bystanderOk: boolean
  healthyAfter: boolean
  ms: number
}

/** Small enough that oversized frames stay cheap; big enough for every documented package. */
const MAX_BYTES = 16_384
/** Low enough that bursts reach it; the fake clock moves a minute on to reset it. */
const MESSAGES_PER_MINUTE = 120
const DOCUMENTED_CLOSES = new Set([1000, 1008, 1009])
const RESPONSE_KEYS = new Set(['pkg_id', 'req_id', 'status_code', 'data', 'meta', 'msg'])

/** Why a message is not a documented response, or `undefined`. */
export const responseProblem = (raw: string): string | undefined => {
  let m: Record<string, unknown>
  try {
    m = JSON.parse(raw) as Record<string, unknown>
  } catch {
    return 'not JSON'
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'not an object'
  const extra = Object.keys(m).filter((k) => !RESPONSE_KEYS.has(k))
  if (extra.length > 0) return `undocumented keys ${extra.join(',')}`
  if (!(m.pkg_id === null || Number.isInteger(m.pkg_id))) return 'pkg_id not an integer or null'
  if (!(m.req_id === null || typeof m.req_id === 'string')) return 'req_id not a string or null'
  if (![0, 1, 2, 3].includes(m.status_code as number)) return `status_code ${String(m.status_code)}`
  if (m.status_code !== STATUS.OK && typeof m.msg !== 'string') return 'error without msg'
  if (m.meta !== undefined && (typeof m.meta !== 'object' || m.meta === null)) return 'bad meta'
  return undefined
}

interface Socket {
  ws: WebSocket
  messages: string[]
  close: { code: number } | undefined
  wait(count: number, timeoutMs?: number): Promise<void>
}

const open = (url: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const waiters = new Set<() => void>()
    const socket: Socket = {
      ws,
      messages: [],
      close: undefined,
      wait: (count, timeoutMs = 5000) =>
        new Promise((done, fail) => {
          const check = () => {
            if (socket.messages.length < count && socket.close === undefined) return false
            waiters.delete(check)
            clearTimeout(timer)
            done()
            return true
          }
          const timer = setTimeout(() => {
            waiters.delete(check)
            fail(new Error(`${socket.messages.length}/${count} replies in ${timeoutMs} ms`))
          }, timeoutMs)
          if (!check()) waiters.add(check)
        }),
    }
    const poke = () => {
      for (const waiter of [...waiters]) waiter()
    }
    ws.on('message', (data) => {
      socket.messages.push(String(data))
      poke()
    })
    ws.on('close', (code) => {
      socket.close = { code }
      poke()
    })
    ws.on('error', () => undefined)
    ws.once('open', () => resolve(socket))
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')))
  })

/** A request whose answer must be status 0 (the bystander and the fresh socket after). */
const answers = async (socket: Socket) => {
  const before = socket.messages.length
  socket.ws.send(
    JSON.stringify({ pkg_id: PKG.GET_PAGINATED_PRODUCTS, req_id: crypto.randomUUID() }),
  )
  await socket.wait(before + 1).catch(() => undefined)
  const reply = socket.messages[before]
  return reply !== undefined && (JSON.parse(reply) as { status_code: number }).status_code === 0
}

export const runWsFuzz = async (options: { runs: number; seed?: number }) => {
  const started = performance.now()
  const t = await startRealtimeApp({
    realtime: {
      maxMessageBytes: MAX_BYTES,
      messagesPerMinute: MESSAGES_PER_MINUTE,
      maxConnectionsPerUser: 50,
      idleTimeoutMs: 24 * 3_600_000,
    },
  })
  const globex = await createTenant(t.store, t.clock, { name: 'Globex' })
  const url = (key: string) => `${t.wsUrl}?token=${encodeURIComponent(key)}`
  const bystander = await open(url(globex.key))
  let socket = await open(url(t.acme.key))
  const replies: Record<string, number> = {}
  const closes: Record<string, number> = {}
  const violations: string[] = []
  let frames = 0
  let cases = 0
  let bystanderOk = true

  const run = async (c: WsCase): Promise<string | undefined> => {
    cases += 1
    // Every 50 cases the fake clock moves a minute on, so the rate limit resets.
    if (cases % 50 === 0) t.clock.advance(61_000)
    if (socket.close !== undefined) socket = await open(url(t.acme.key))
    const before = socket.messages.length
    let expected = 0
    let oversized = false
    for (const frame of c.frames) {
      frames += 1
      if ('binary' in frame) socket.ws.send(frame.binary, { binary: true })
      else socket.ws.send(frame.text)
      if ('text' in frame && Buffer.byteLength(frame.text) > MAX_BYTES) oversized = true
      else expected += 1
    }
    const where = `${c.kind} ${JSON.stringify(c.frames.map((f) => ('text' in f ? f.text.slice(0, 80) : `<${f.binary.length} bytes>`)))}`
    if (oversized) {
      await socket.wait(Number.MAX_SAFE_INTEGER).catch(() => undefined)
      const code = socket.close?.code ?? 0
      closes[code] = (closes[code] ?? 0) + 1
      if (code !== 1009) return `${where}: oversized frame closed with ${code}, not 1009`
      return undefined
    }
    try {
      await socket.wait(before + expected)
    } catch (error) {
      return `${where}: ${(error as Error).message}`
    }
    if (socket.close !== undefined) {
      closes[socket.close.code] = (closes[socket.close.code] ?? 0) + 1
      if (!DOCUMENTED_CLOSES.has(socket.close.code))
        return `${where}: closed with ${socket.close.code}`
      return `${where}: socket closed (${socket.close.code}) for a frame within the limit`
    }
    const got = socket.messages.slice(before)
    if (got.length !== expected) return `${where}: ${got.length} replies to ${expected} frames`
    for (const raw of got) {
      const problem = responseProblem(raw)
      if (problem !== undefined) return `${where}: ${problem}: ${raw.slice(0, 200)}`
      const status = String((JSON.parse(raw) as { status_code: number }).status_code)
      replies[status] = (replies[status] ?? 0) + 1
    }
    if (cases % 100 === 0 && !(await answers(bystander))) {
      bystanderOk = false
      return `${where}: the bystander socket stopped answering`
    }
    return undefined
  }

  try {
    await fc.assert(
      fc.asyncProperty(wsCase(MAX_BYTES), async (c) => {
        const problem = await run(c)
        if (problem !== undefined) throw new Error(problem)
      }),
      {
        numRuns: options.runs,
        endOnFailure: true,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      },
    )
  } catch (error) {
    violations.push(error instanceof Error ? error.message : String(error))
  }

  t.clock.advance(61_000)
  bystanderOk &&= bystander.close === undefined && (await answers(bystander))
  const fresh = await open(url(t.acme.key)).catch(() => undefined)
  const health = await fetch(`${t.running.url}/health`)
  const healthyAfter = health.status === 200 && fresh !== undefined && (await answers(fresh))
  await t.stop()
  for (const s of [bystander, socket, fresh]) s?.ws.terminate()
  return {
    cases,
    frames,
    replies,
    closes,
    violations,
    bystanderOk,
    healthyAfter,
    ms: Math.round(performance.now() - started),
  } satisfies WsFuzzReport
}
