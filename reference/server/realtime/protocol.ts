/**
 * @module The `/web` wire protocol (seed 002): request packages `{pkg_id, req_id, data}`, responses
 * `{pkg_id, req_id, status_code, data?, meta?, msg?}`, the status codes, the close codes and the
 * zod schema of each package's `data`. The protocol page prints its JSON schemas from these.
 * @see https://docs.blueround.com/realtime/protocol/
 */
import { z } from 'zod'

/** `pkg_id` of every package. 100 is server to client only. */
export const PKG = {
  GET_PRODUCTS: 1,
  GET_PAGINATED_PRODUCTS: 2,
  SUBSCRIBE: 3,
  UNSUBSCRIBE: 4,
  BROADCAST: 100,
} as const

export const STATUS = { OK: 0, ERROR: 1, INVALID_DATA: 2, PERMISSION_DENIED: 3 } as const
export type StatusCode = (typeof STATUS)[keyof typeof STATUS]

/** Close codes the server sends (RFC 6455 §7.4.1). */
export const CLOSE = {
  /** Normal closure: the socket was idle longer than the idle timeout. */
  IDLE_TIMEOUT: 1000,
  /** Going away: the server is shutting down. */
  SHUTDOWN: 1001,
  /** Policy violation: bad credential, suspended organization or connection limit. */
  POLICY_VIOLATION: 1008,
  /** Message too big: a frame larger than the configured maximum. */
  MESSAGE_TOO_BIG: 1009,
} as const

/** The `req_id` of messages the server sends on its own (broadcasts). */
export const BROADCAST_REQ_ID = '00000000-0000-0000-0000-000000000000'

/** Any request package; `data` is checked per `pkg_id` afterwards. */
export const RequestEnvelope = z.object({
  pkg_id: z.number().int(),
  req_id: z.uuid(),
  data: z.unknown().optional(),
})

export const GetProductsData = z
  .object({
    filters: z
      .object({ name: z.string().max(200).optional() })
      .strict()
      .default({}),
  })
  .strict()
  .describe('Products whose name contains `filters.name`, ignoring case (at most 100).')

export const GetPaginatedProductsData = z
  .object({
    page: z.number().int().min(1).max(1_000_000).default(1),
    per_page: z.number().int().min(1).max(100).default(20),
  })
  .strict()
  .describe('One page of the catalog, by name.')

/** `shipments:{id}`, `devices:{id}`: a registered channel family and an id. */
export const ChannelName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9_-]{1,64}$/, 'expected <family>:<id>, e.g. shipments:shp_…')

export const SubscribeData = z
  .object({ channel: ChannelName })
  .strict()
  .describe('Joins a channel: the answer carries its current state, then updates follow.')

export const UnsubscribeData = z
  .object({ channel: ChannelName })
  .strict()
  .describe('Leaves a channel.')

export interface Response {
  pkg_id: number | null
  req_id: string | null
  status_code: StatusCode
  data?: unknown
  meta?: unknown
  msg?: string
}

/** The JSON schema of a package's `data`, for the protocol page. */
export const jsonSchemaOf = (schema: z.ZodType): unknown => z.toJSONSchema(schema, { io: 'input' })
