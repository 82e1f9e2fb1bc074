/**
 * @module The realtime hub: `GET /web?token=…` upgrades to a WebSocket on the same Node server as
 * the HTTP API (the `ws` package, attached to the server's `upgrade` event). It authenticates the
 * socket, admits it under the per-user connection limit, routes its request packages, keeps its
 * channel subscriptions, pings it and delivers broadcasts, all from the event bus.
 * @see https://docs.blueround.com/realtime/protocol/
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { RawData, WebSocket, WebSocketServer } from 'ws'
import type { RealtimeConfig } from '../config/index.ts'
import type { EventBus } from '../events/index.ts'
import type { Clock } from '../lib/clock.ts'
import { flowStep } from '../observability/flow.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { PermissionService } from '../services/permissions.ts'
import type { CredentialVerifier } from '../services/principal.ts'
import type { ProductService } from '../services/supply-chain/products.ts'
import type { Cache } from '../store/cache/cache.ts'
import type { Store } from '../store/index.ts'
import { authenticateSocket, tokenOf } from './authenticate-socket.ts'
import { broadcastChannel, sendToAll, type BroadcastMessage } from './broadcast.ts'
import type { ChannelSource } from './channel-source.ts'
import { createChannels } from './channels.ts'
import { closeAll, closeCodeLabel, type Connection } from './connection.ts'
import type { ConnectionCounter } from './connection-counter.ts'
import { startHeartbeat } from './heartbeat.ts'
import { createPackages } from './packages.ts'
import { CLOSE } from './protocol.ts'
import { createRouter } from './router.ts'

const AUTH_FLOW = 'realtime/websocket-authentication'
const LIMIT_FLOW = 'realtime/connection-limiting'
const PACKAGE_FLOW = 'realtime/get-products'
export const WEB_PATH = '/web'

export interface RealtimeHubDeps {
  config: RealtimeConfig
  clock: Clock
  cache: Cache
  store: Store
  logger: Logger
  metrics: Metrics
  events: EventBus
  verifiers: readonly CredentialVerifier[]
  permissions: PermissionService
  counter: ConnectionCounter
  products: ProductService
  sources: readonly ChannelSource[]
}

export const createRealtimeHub = (deps: RealtimeHubDeps) => {
  // `ws` (and with it Node's TLS and zlib) is loaded at the first upgrade, not at start-up: many
  // runs never open a socket, and importing it up front showed in `npm run bench:server`.
  let wss: WebSocketServer | undefined
  let loading: Promise<WebSocketServer> | undefined
  let closing = false
  const socketServer = (): Promise<WebSocketServer> =>
    (loading ??= import('ws').then(({ WebSocketServer }) => {
      wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.maxMessageBytes })
      return wss
    }))
  const connections = new Map<string, Connection>()
  const perOrganization = new Map<string, { count: number; off: () => void }>()
  const channels = createChannels(deps)
  const router = createRouter({
    packages: createPackages({ products: deps.products, channels }),
    permissions: deps.permissions,
    cache: deps.cache,
    clock: deps.clock,
    metrics: deps.metrics,
    logger: deps.logger,
    messagesPerMinute: deps.config.messagesPerMinute,
  })

  const unregister = (connection: Connection) => {
    if (!connections.delete(connection.id)) return
    deps.metrics.wsConnections.dec()
    channels.drop(connection)
    const org = perOrganization.get(connection.organizationId)
    if (org !== undefined && --org.count === 0) {
      org.off()
      perOrganization.delete(connection.organizationId)
    }
    // The slot is free at once, not at the next heartbeat.
    deps.counter.release(connection.userId, connection.id).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'websocket slot not released')
    })
  }

  /** A socket whose send failed: cut it off and forget it, so it never blocks the others. */
  const drop = (connection: Connection) => {
    connection.socket.terminate()
    unregister(connection)
  }

  const broadcastTo = (snapshot: Connection[], message: BroadcastMessage) =>
    sendToAll(snapshot, message, { metrics: deps.metrics, drop }).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'broadcast failed')
    })

  const offAll = deps.events.subscribe(broadcastChannel(), (event) => {
    flowStep('realtime/broadcast', 'All connections')
    void broadcastTo([...connections.values()], event.data as BroadcastMessage)
  })

  const register = (connection: Connection) => {
    connections.set(connection.id, connection)
    deps.metrics.wsConnections.inc()
    const org = perOrganization.get(connection.organizationId)
    if (org !== undefined) {
      org.count++
      return
    }
    const off = deps.events.subscribe(broadcastChannel(connection.organizationId), (event) => {
      flowStep('realtime/broadcast', 'One organization')
      const snapshot = [...connections.values()].filter(
        (c) => c.organizationId === connection.organizationId,
      )
      void broadcastTo(snapshot, event.data as BroadcastMessage)
    })
    perOrganization.set(connection.organizationId, { count: 1, off })
  }

  const onFrame = (connection: Connection, raw: RawData, isBinary: boolean) => {
    connection.lastSeen = deps.clock.now()
    if (isBinary) {
      flowStep(PACKAGE_FLOW, 'Malformed JSON or envelope')
      void router.reject(connection, 'Binary frames are not accepted: send JSON text')
      return
    }
    const text = Array.isArray(raw)
      ? Buffer.concat(raw).toString()
      : Buffer.isBuffer(raw)
        ? raw.toString()
        : Buffer.from(raw).toString()
    void router.handle(connection, text)
  }

  /** Authenticates and admits a freshly upgraded socket; frames wait until it is admitted. */
  // Each admitted socket's token, for the heartbeat's re-verification; kept off the connection
  // object so that it can never be logged with it.
  const tokens = new WeakMap<Connection, string>()

  /** The close reason when the socket's token no longer admits it (see heartbeat.ts). */
  const reverify = async (connection: Connection): Promise<string | undefined> => {
    const identity = await authenticateSocket(tokens.get(connection), deps)
    if (identity.ok) return undefined
    return identity.reason === 'invalid_token'
      ? 'Invalid or expired token'
      : 'Organization suspended'
  }

  const open = async (socket: WebSocket, request: IncomingMessage) => {
    const id = randomUUID()
    const early: Array<[RawData, boolean]> = []
    // Set once the socket is admitted; the listeners below are attached before that.
    const admittedAs: { connection?: Connection } = {}
    let closed = false
    socket.on('message', (raw, isBinary) => {
      if (admittedAs.connection === undefined) early.push([raw, isBinary])
      else onFrame(admittedAs.connection, raw, isBinary)
    })
    socket.on('pong', () => {
      if (admittedAs.connection !== undefined) admittedAs.connection.lastSeen = deps.clock.now()
    })
    socket.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for an oversized frame, 1002 for a protocol error).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        flowStep(PACKAGE_FLOW, 'Frame larger than the limit')
      else deps.logger.debug({ err: error }, 'websocket error')
    })
    socket.on('close', (code) => {
      closed = true
      deps.metrics.wsClosesTotal.inc({ code: closeCodeLabel(code) })
      if (admittedAs.connection !== undefined) unregister(admittedAs.connection)
    })

    const token = tokenOf(request.url)
    const identity = await authenticateSocket(token, deps).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'websocket authentication failed')
      return { ok: false, reason: 'invalid_token' } as const
    })
    if (!identity.ok) {
      if (identity.reason === 'invalid_token') {
        flowStep(AUTH_FLOW, 'Missing, invalid or expired token')
        socket.close(CLOSE.POLICY_VIOLATION, 'Invalid or expired token')
      } else {
        flowStep(AUTH_FLOW, 'Organization suspended')
        socket.close(CLOSE.POLICY_VIOLATION, 'Organization suspended')
      }
      return
    }
    flowStep(AUTH_FLOW, 'Token valid')
    const userId = identity.principal.user.id
    const admitted = await deps.counter.acquire(userId, id, deps.config.maxConnectionsPerUser)
    if (!admitted) {
      flowStep(AUTH_FLOW, 'Connection limit exceeded')
      flowStep(LIMIT_FLOW, 'Set already full')
      socket.close(CLOSE.POLICY_VIOLATION, 'Connection limit exceeded')
      return
    }
    if (closed) {
      // The client left while it was being admitted: free the slot it just took.
      await deps.counter.release(userId, id)
      return
    }
    flowStep(AUTH_FLOW, 'Limit OK')
    flowStep(LIMIT_FLOW, 'Added')
    const connection: Connection = {
      id,
      socket,
      principal: identity.principal,
      userId,
      organizationId: identity.organization.id,
      channels: new Set(),
      lastSeen: deps.clock.now(),
    }
    admittedAs.connection = connection
    if (token !== undefined) tokens.set(connection, token)
    register(connection)
    for (const [raw, isBinary] of early.splice(0)) onFrame(connection, raw, isBinary)
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (path !== WEB_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    socketServer().then(
      (server) =>
        closing
          ? socket.destroy()
          : server.handleUpgrade(request, socket, head, (ws) => {
              open(ws, request).catch((error: unknown) => {
                deps.logger.error({ err: error }, 'websocket open failed')
                ws.terminate()
              })
            }),
      (error: unknown) => {
        deps.logger.error({ err: error }, 'websocket server failed to load')
        socket.destroy()
      },
    )
  }

  let stopHeartbeat: (() => void) | undefined
  const servers = new Set<Server>()

  return {
    /** Serves `/web` on an HTTP server and starts the heartbeat. */
    attach(server: Server) {
      closing = false
      servers.add(server)
      server.on('upgrade', onUpgrade)
      stopHeartbeat ??= startHeartbeat({
        clock: deps.clock,
        intervalMs: deps.config.heartbeatIntervalMs,
        idleTimeoutMs: deps.config.idleTimeoutMs,
        connections: () => connections.values(),
        reverify,
        logger: deps.logger,
      })
    },

    /** Open, admitted connections (a snapshot). */
    connections: (): Connection[] => [...connections.values()],

    /** Local subscribers of a channel. */
    subscribers: (channel: string) => channels.size(channel),

    /** Closes every socket with 1001 and stops listening for upgrades (graceful shutdown). */
    async close(): Promise<void> {
      stopHeartbeat?.()
      stopHeartbeat = undefined
      for (const server of servers) server.off('upgrade', onUpgrade)
      servers.clear()
      offAll()
      closing = true
      if (wss === undefined) return
      await closeAll([...wss.clients], CLOSE.SHUTDOWN, 'Server shutting down')
      wss.close()
    },
  }
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>
