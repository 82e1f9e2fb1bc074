/** @module Handlers of `/v{n}/api-keys`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import type { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './api-keys.routes.ts'

export const list: AppRouteHandler<typeof listApiKeys> = async (c) => {
  const { page, pageSize } = c.req.valid('query')
  const { items, total } = await c.var.services.apiKeys.list(c.var.principal, page, pageSize)
  return c.json(paginated(c, items, { page, pageSize, total }), 200)
}

export const get: AppRouteHandler<typeof getApiKey> = async (c) => {
  const key = await c.var.services.apiKeys.get(c.var.principal, c.req.valid('param').id)
  return c.json(success(c, key), 200)
}

export const create: AppRouteHandler<typeof createApiKey> = async (c) => {
  const body = c.req.valid('json')
  const created = await c.var.services.apiKeys.create(c.var.principal, body)
  c.var.services.metrics.apiKeysCreatedTotal.inc()
  return c.json(success(c, created), 201)
}

export const revoke: AppRouteHandler<typeof revokeApiKey> = async (c) => {
  const key = await c.var.services.apiKeys.revoke(c.var.principal, c.req.valid('param').id)
  return c.json(success(c, key), 200)
}
