/** @module One open, authenticated socket of the hub, and sending JSON to it. */
import type { WebSocket } from 'ws'
import type { Metrics } from '../observability/metrics.ts'
import type { Principal } from '../services/principal.ts'
import type { Response } from './protocol.ts'

export interface Connection {
  readonly id: string
  readonly socket: WebSocket
  readonly principal: Principal
  readonly userId: string
  readonly organizationId: string
  /** Channels this socket has joined. */
  readonly channels: Set<string>
  /** When the client last sent anything (a message or a pong), on the injected clock. */
  lastSeen: number
}

/**
 * Sends one JSON message; resolves once it is written to the socket and rejects when the socket
 * is not open or the write fails (the broadcast then drops the socket).
 */
export const sendJson = (socket: WebSocket, message: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve()))
  })

/** Sends a package response and counts it; a socket closing meanwhile is not an error here. */
export const respond = (
  socket: WebSocket,
  metrics: Metrics,
  response: Response,
  pkgLabel: string,
): Promise<void> => {
  metrics.wsMessagesTotal.inc({
    direction: 'out',
    pkg_id: pkgLabel,
    status: String(response.status_code),
  })
  return sendJson(socket, response).catch(() => undefined)
}

const KNOWN_CLOSE_CODES = new Set([1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011])

/** The metrics label of a close code: standard codes as they are, anything else `other`. */
export const closeCodeLabel = (code: number): string =>
  KNOWN_CLOSE_CODES.has(code) ? String(code) : 'other'

/** Closes every socket with `code`; one that does not answer within a second is cut off. */
export const closeAll = async (sockets: WebSocket[], code: number, reason: string) => {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve()
          const force = setTimeout(() => socket.terminate(), 1000)
          socket.once('close', () => {
            clearTimeout(force)
            resolve()
          })
          socket.close(code, reason)
        }),
    ),
  )
}
