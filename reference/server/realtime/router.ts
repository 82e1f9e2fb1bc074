/**
 * @module The package router (seed 002's WebSocket request flow): parse the frame, check the
 * envelope, the user's message rate, the `pkg_id`, the permission and the `data` schema, then run
 * the handler. Every outcome is one response on the same socket; nothing a client sends can
 * throw out of here or reach another socket.
 * @see https://docs.blueround.com/realtime/get-products/
 */
import type { Cache } from '../store/cache/cache.ts'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import { isDatabaseError } from '../errors/database-error.ts'
import { flowStep } from '../observability/flow.ts'
import { credentialGrants, type PermissionService } from '../services/permissions.ts'
import { respond, type Connection } from './connection.ts'
import type { PackageDefinition } from './packages.ts'
import { RequestEnvelope, STATUS, type Response } from './protocol.ts'

const FLOW = 'realtime/get-products'
/** The per-user message window: `messagesPerMinute` messages in any minute. */
const WINDOW_MS = 60_000

export interface RouterDeps {
  packages: readonly PackageDefinition[]
  permissions: PermissionService
  cache: Cache
  clock: Clock
  metrics: Metrics
  logger: Logger
  messagesPerMinute: number
}

/** The label of a `pkg_id` in metrics: known ids only, so clients cannot add label values. */
export const pkgLabel = (packages: readonly PackageDefinition[], pkgId: unknown): string =>
  packages.some((p) => p.id === pkgId) ? String(pkgId) : 'unknown'

const parse = (frame: string): unknown => {
  try {
    return JSON.parse(frame) as unknown
  } catch {
    return undefined
  }
}

export const createRouter = (deps: RouterDeps) => {
  const byId = new Map(deps.packages.map((p) => [p.id, p]))

  /** Whether the user may send one more message now; a cache outage admits it (fail open). */
  const withinRate = async (userId: string): Promise<boolean> => {
    try {
      const hit = await deps.cache.hitWindow(
        `ws-messages:${userId}`,
        deps.clock.now(),
        WINDOW_MS,
        deps.messagesPerMinute,
      )
      return hit.allowed
    } catch (error) {
      deps.logger.warn({ err: error }, 'websocket rate limit unavailable: message admitted')
      return true
    }
  }

  type Answer = Response & { after?: () => void }

  /** A failure past the envelope still answers with the request's pkg_id and req_id. */
  const failed = (error: unknown, connection: Connection, request: Partial<Response>): Answer => {
    const database = isDatabaseError(error)
    deps.logger.error(
      { err: error, connectionId: connection.id, ...request },
      'websocket package failed',
    )
    return {
      pkg_id: request.pkg_id ?? null,
      req_id: request.req_id ?? null,
      status_code: STATUS.ERROR,
      msg: database ? 'Database error occurred' : 'Internal error',
    }
  }

  const route = async (connection: Connection, frame: string): Promise<Answer> => {
    const message = parse(frame)
    const envelope = RequestEnvelope.safeParse(message)
    if (!envelope.success) {
      flowStep(FLOW, 'Malformed JSON or envelope')
      const loose = (typeof message === 'object' && message !== null ? message : {}) as Record<
        string,
        unknown
      >
      return {
        // The documented shape says integer or null: a `pkg_id` of 1.5 is not echoed back.
        pkg_id: Number.isInteger(loose.pkg_id) ? (loose.pkg_id as number) : null,
        req_id: typeof loose.req_id === 'string' ? loose.req_id : null,
        status_code: STATUS.INVALID_DATA,
        msg:
          message === undefined
            ? 'Malformed JSON'
            : 'Invalid request: expected {pkg_id: integer, req_id: UUID, data}',
      }
    }
    const { pkg_id, req_id, data } = envelope.data
    flowStep(FLOW, 'Envelope OK')
    try {
      return await dispatch(connection, pkg_id, req_id, data)
    } catch (error) {
      return failed(error, connection, { pkg_id, req_id })
    }
  }

  const dispatch = async (
    connection: Connection,
    pkg_id: number,
    req_id: string,
    data: unknown,
  ): Promise<Answer> => {
    if (!(await withinRate(connection.userId))) {
      flowStep(FLOW, 'Rate limit exceeded')
      return { pkg_id, req_id, status_code: STATUS.ERROR, msg: 'Rate limit exceeded' }
    }
    flowStep(FLOW, 'Rate OK')
    const definition = byId.get(pkg_id)
    if (definition === undefined) {
      flowStep(FLOW, 'Unknown pkg_id')
      return { pkg_id, req_id, status_code: STATUS.INVALID_DATA, msg: `Unknown pkg_id ${pkg_id}` }
    }
    flowStep(FLOW, 'Known package')
    if (definition.scope !== undefined) {
      const { permissions } = await deps.permissions.load(connection.userId)
      if (
        !credentialGrants(connection.principal.scopes, definition.scope) ||
        !permissions.scopes.includes(definition.scope)
      ) {
        flowStep(FLOW, 'Permission denied')
        return { pkg_id, req_id, status_code: STATUS.PERMISSION_DENIED, msg: 'Permission denied' }
      }
    }
    flowStep(FLOW, 'Permission granted')
    const parsed = definition.schema.safeParse(data ?? {})
    if (!parsed.success) {
      flowStep(FLOW, 'Schema validation error')
      return {
        pkg_id,
        req_id,
        status_code: STATUS.INVALID_DATA,
        msg: 'Invalid data',
        data: parsed.error.issues.map((issue) => ({
          field: ['data', ...issue.path].join('.'),
          message: issue.message,
        })),
      }
    }
    flowStep(FLOW, 'Valid schema')
    return { pkg_id, req_id, ...(await definition.handle(connection, parsed.data)) }
  }

  return {
    /** Answers a frame the router cannot read at all (a binary frame) with status 2. */
    reject(connection: Connection, msg: string): Promise<void> {
      deps.metrics.wsMessagesTotal.inc({ direction: 'in', pkg_id: 'unknown', status: '2' })
      const answer = { pkg_id: null, req_id: null, status_code: STATUS.INVALID_DATA, msg }
      return respond(connection.socket, deps.metrics, answer, 'unknown')
    },

    /** Answers one text frame; never throws. */
    async handle(connection: Connection, frame: string): Promise<void> {
      let response: Answer
      try {
        response = await route(connection, frame)
      } catch (error) {
        response = failed(error, connection, {})
      }
      const { after, ...answer } = response
      // A received package counts with the status it was answered with.
      deps.metrics.wsMessagesTotal.inc({
        direction: 'in',
        pkg_id: pkgLabel(deps.packages, answer.pkg_id),
        status: String(answer.status_code),
      })
      const sent = respond(
        connection.socket,
        deps.metrics,
        answer,
        pkgLabel(deps.packages, answer.pkg_id),
      )
      after?.()
      await sent
    },
  }
}

export type PackageRouter = ReturnType<typeof createRouter>
