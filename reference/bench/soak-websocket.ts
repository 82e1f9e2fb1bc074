/**
 * @module The WebSocket part of `npm run soak`: a few sockets on `/web?token=`, each sending
 * `GET_PRODUCTS` (pkg_id 1) and the next one as soon as its answer arrives, for a bounded time.
 * autocannon speaks HTTP only, hence this small loop next to it.
 */
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'

export interface WebSocketLoad {
  /** Answered request packages. */
  messages: number
  /** Answers with a status other than 0 (OK), sockets that failed or closed early. */
  errors: number
  /** Answers per second over the run. */
  rate: number
  /** 99th percentile round trip, in milliseconds. */
  p99: number
}

const frame = () =>
  JSON.stringify({ pkg_id: 1, req_id: randomUUID(), data: { filters: { name: 'soak' } } })

/** One socket's loop until `until` (a `performance.now()` time). */
const drive = (url: string, until: number, latencies: number[]): Promise<number> =>
  new Promise((resolve) => {
    let errors = 0
    let sentAt = 0
    let done = false
    const ws = new WebSocket(url)
    const finish = () => {
      if (done) return
      done = true
      ws.close()
      resolve(errors)
    }
    const next = () => {
      if (performance.now() >= until) return finish()
      sentAt = performance.now()
      ws.send(frame())
    }
    ws.on('open', next)
    ws.on('message', (data) => {
      latencies.push(performance.now() - sentAt)
      const answer = JSON.parse(String(data)) as { status_code?: number }
      if (answer.status_code !== 0) errors += 1
      next()
    })
    ws.on('error', () => {
      errors += 1
      finish()
    })
    ws.on('close', () => {
      if (!done) errors += 1
      finish()
    })
  })

/** Runs `sockets` looping sockets for `seconds` against the server at `httpUrl`. */
export const runWebSocketLoad = async (
  httpUrl: string,
  token: string,
  sockets: number,
  seconds: number,
): Promise<WebSocketLoad> => {
  const url = `${httpUrl.replace(/^http/, 'ws')}/web?token=${encodeURIComponent(token)}`
  const latencies: number[] = []
  const started = performance.now()
  const until = started + seconds * 1000
  const errors = await Promise.all(
    Array.from({ length: sockets }, () => drive(url, until, latencies)),
  )
  latencies.sort((a, b) => a - b)
  return {
    messages: latencies.length,
    errors: errors.reduce((a, b) => a + b, 0),
    rate: latencies.length / ((performance.now() - started) / 1000),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  }
}
