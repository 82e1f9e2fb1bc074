/**
 * @module Heartbeat (seed 003): every interval the server pings each socket; a socket that has
 * sent nothing (no message, no pong) for the idle timeout is closed with 1000 "Idle timeout".
 * Time is read from the injected clock, so tests move it instead of waiting 30 s.
 * @see https://docs.blueround.com/realtime/channels-and-heartbeat/
 */
import type { Clock } from '../lib/clock.ts'
import { flowStep } from '../observability/flow.ts'
import type { Connection } from './connection.ts'
import { CLOSE } from './protocol.ts'

const FLOW = 'realtime/channels-and-heartbeat'

/** Starts the heartbeat; returns a function that stops it. */
export const startHeartbeat = (deps: {
  clock: Clock
  intervalMs: number
  idleTimeoutMs: number
  connections: () => Iterable<Connection>
}): (() => void) => {
  const timer = setInterval(() => {
    const now = deps.clock.now()
    for (const connection of deps.connections()) {
      if (connection.socket.readyState !== connection.socket.OPEN) continue
      flowStep(FLOW, 'Every heartbeat interval')
      if (now - connection.lastSeen >= deps.idleTimeoutMs) {
        flowStep(FLOW, 'Silent for the idle timeout')
        connection.socket.close(CLOSE.IDLE_TIMEOUT, 'Idle timeout')
        continue
      }
      flowStep(FLOW, 'Alive')
      connection.socket.ping()
    }
  }, deps.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
