/** @module Handlers of `/v{n}/api-keys`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { paginated, success } from '../../lib/envelope.ts'
import { flowStep } from '../../observability/flow.ts'
import type { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './api-keys.routes.ts'

export const list: AppRouteHandler<typeof listApiKeys> = async (c) => {
  const { page, pageSize } = c.req.valid('query')
  const { items, total } = await c.get('services').apiKeys.list(c.get('principal'), page, pageSize)
  return c.json(paginated(c, items, { page, pageSize, total }), 200)
}

export const get: AppRouteHandler<typeof getApiKey> = async (c) => {
  const key = await c.get('services').apiKeys.get(c.get('principal'), c.req.valid('param').id)
  return c.json(success(c, key), 200)
}

export const create: AppRouteHandler<typeof createApiKey> = async (c) => {
  const body = c.req.valid('json')
  const created = await c.get('services').apiKeys.create(c.get('principal'), body)
  c.get('services').metrics.apiKeysCreatedTotal.inc()
  return c.json(success(c, created), 201)
}

export const revoke: AppRouteHandler<typeof revokeApiKey> = async (c) => {
  const key = await c.get('services').apiKeys.revoke(c.get('principal'), c.req.valid('param').id)
  flowStep('auth/api-keys', 'Key revoked')
  return c.json(success(c, key), 200)
}
