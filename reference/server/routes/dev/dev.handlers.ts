/** @module Handlers of `/dev/faults`. */
import type { Context } from 'hono'
import type { AppEnv } from '../../lib/app-env.ts'
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { getFaults, putFaults } from './dev.routes.ts'

const state = (c: Context<AppEnv>) => {
  const { store, cache } = c.get('services').deps
  return {
    database: store.isSimulatedOutage() ? ('down' as const) : ('up' as const),
    cache: cache.isSimulatedOutage() ? ('down' as const) : ('up' as const),
  }
}

export const read: AppRouteHandler<typeof getFaults> = (c) => c.json(success(c, state(c)), 200)

export const update: AppRouteHandler<typeof putFaults> = (c) => {
  const body = c.req.valid('json')
  const { store, cache } = c.get('services').deps
  const { metrics } = c.get('services')
  if (body.database !== undefined) {
    store.setSimulatedOutage(body.database === 'down')
    if (body.database === 'down') metrics.faultsInjectedTotal.inc({ kind: 'database' })
  }
  if (body.cache !== undefined) {
    cache.setSimulatedOutage(body.cache === 'down')
    if (body.cache === 'down') metrics.faultsInjectedTotal.inc({ kind: 'cache' })
  }
  c.get('log').warn(state(c), 'simulated outages changed')
  return c.json(success(c, state(c)), 200)
}
