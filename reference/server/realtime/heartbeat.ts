/**
 * @module The heartbeat: every interval, for each open socket, the server re-verifies its token
 * (closing with 1008 when it has expired or was revoked, or the organization was suspended),
 * closes a socket silent for the idle timeout with 1000, and pings the others.
 * @see https://docs.blueround.com/realtime/channels-and-heartbeat/
 */
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../observability/logger.ts'
import { flowStep } from '../observability/flow.ts'
import type { Connection } from './connection.ts'
import { CLOSE } from './protocol.ts'

const FLOW = 'realtime/channels-and-heartbeat'

/** Why a socket's credential no longer admits it, as its close reason; `undefined` when it does. */
export type Reverify = (connection: Connection) => Promise<string | undefined>

/** Starts the heartbeat; returns a function that stops it. */
export const startHeartbeat = (deps: {
  clock: Clock
  intervalMs: number
  idleTimeoutMs: number
  connections: () => Iterable<Connection>
  reverify: Reverify
  logger: Logger
}): (() => void) => {
  const isOpen = (connection: Connection) => connection.socket.readyState === connection.socket.OPEN

  const beat = async (connection: Connection): Promise<void> => {
    flowStep(FLOW, 'Every heartbeat interval')
    const refused = await deps.reverify(connection)
    if (!isOpen(connection)) return
    if (refused !== undefined) {
      flowStep(FLOW, 'Token no longer valid')
      connection.socket.close(CLOSE.POLICY_VIOLATION, refused)
      return
    }
    if (deps.clock.now() - connection.lastSeen >= deps.idleTimeoutMs) {
      flowStep(FLOW, 'Silent for the idle timeout')
      connection.socket.close(CLOSE.IDLE_TIMEOUT, 'Idle timeout')
      return
    }
    flowStep(FLOW, 'Alive')
    connection.socket.ping()
  }

  // One beat at a time: a slow re-verification (a database under load) skips ticks rather than
  // piling them up.
  let beating = false
  const timer = setInterval(() => {
    if (beating) return
    const open = [...deps.connections()].filter(isOpen)
    if (open.length === 0) return
    beating = true
    void Promise.all(
      open.map((connection) =>
        beat(connection).catch((error: unknown) => {
          deps.logger.warn({ err: error }, 'websocket heartbeat failed')
        }),
      ),
    ).finally(() => {
      beating = false
    })
  }, deps.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
