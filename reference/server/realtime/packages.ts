/**
 * @module The request packages, by `pkg_id`: what each needs (scope), accepts (a zod schema, also
 * printed as JSON schema on the protocol page) and does. Seed 002's "authors" are products.
 * @see https://docs.blueround.com/realtime/protocol/
 */
import type { z } from 'zod'
import { isDatabaseError } from '../errors/database-error.ts'
import { flowStep, type FlowId } from '../observability/flow.ts'
import type { AnyScope } from '../services/permissions.ts'
import type { ProductService } from '../services/supply-chain/products.ts'
import type { Channels } from './channels.ts'
import type { Connection } from './connection.ts'
import {
  GetPaginatedProductsData,
  GetProductsData,
  PKG,
  STATUS,
  SubscribeData,
  UnsubscribeData,
  type Response,
} from './protocol.ts'

/** What a handler answers; `after` runs once the answer is on its way. */
export type PackageResult = Omit<Response, 'pkg_id' | 'req_id'> & { after?: () => void }

export interface PackageDefinition {
  id: number
  name: string
  /**
   * The scope the credential and the user's role must both grant, as on HTTP; channel packages
   * check the channel family's scope themselves.
   */
  scope: AnyScope | undefined
  schema: z.ZodType
  /** One line for the protocol page. */
  result: string
  handle(connection: Connection, data: unknown): Promise<PackageResult>
}

/** GET_PRODUCTS answers at most this many products; GET_PAGINATED_PRODUCTS pages the rest. */
export const GET_PRODUCTS_LIMIT = 100

/** Runs a query; a store failure becomes status 1 "Database error occurred" on `flow`. */
const query = async (flow: FlowId, run: () => Promise<PackageResult>): Promise<PackageResult> => {
  try {
    const result = await run()
    return result
  } catch (error) {
    if (!isDatabaseError(error)) throw error
    flowStep(flow, 'Database error')
    return { status_code: STATUS.ERROR, msg: 'Database error occurred' }
  }
}

export const createPackages = (deps: {
  products: ProductService
  channels: Channels
}): PackageDefinition[] => [
  {
    id: PKG.GET_PRODUCTS,
    name: 'GET_PRODUCTS',
    scope: 'products:read',
    schema: GetProductsData,
    result: `\`data\`: up to ${GET_PRODUCTS_LIMIT} products, by name`,
    handle: (connection, data) =>
      query('realtime/get-products', async () => {
        const { filters } = data as z.output<typeof GetProductsData>
        const { items } = await deps.products.list(connection.organizationId, {
          name: filters.name,
          page: 1,
          pageSize: GET_PRODUCTS_LIMIT,
        })
        flowStep('realtime/get-products', 'Rows')
        return { status_code: STATUS.OK, data: items }
      }),
  },
  {
    id: PKG.GET_PAGINATED_PRODUCTS,
    name: 'GET_PAGINATED_PRODUCTS',
    scope: 'products:read',
    schema: GetPaginatedProductsData,
    result: '`data`: one page of products; `meta`: `{page, per_page, total, pages}`',
    handle: (connection, data) =>
      query('realtime/paginated-products', async () => {
        const { page, per_page } = data as z.output<typeof GetPaginatedProductsData>
        const { items, total } = await deps.products.list(connection.organizationId, {
          page,
          pageSize: per_page,
        })
        flowStep('realtime/paginated-products', 'Rows and total')
        const pages = Math.ceil(total / per_page)
        return { status_code: STATUS.OK, data: items, meta: { page, per_page, total, pages } }
      }),
  },
  {
    id: PKG.SUBSCRIBE,
    name: 'SUBSCRIBE',
    scope: undefined,
    schema: SubscribeData,
    result: '`data`: `{channel, state}`, the current state; then `update` messages',
    handle: (connection, data) =>
      deps.channels.subscribe(connection, (data as z.output<typeof SubscribeData>).channel),
  },
  {
    id: PKG.UNSUBSCRIBE,
    name: 'UNSUBSCRIBE',
    scope: undefined,
    schema: UnsubscribeData,
    result: '`data`: `{channel}`; no more updates from it',
    handle: (connection, data) =>
      Promise.resolve(
        deps.channels.unsubscribe(connection, (data as z.output<typeof UnsubscribeData>).channel),
      ),
  },
]
