/** @module Handlers of `/v{n}/users` and `/v{n}/invitations/accept`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { paginated, success, successMeta } from '../../lib/envelope.ts'
import type {
  acceptInvitation,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  resendInvitation,
  updateUser,
} from './users.routes.ts'

export const create: AppRouteHandler<typeof createUser> = async (c) => {
  const user = await c.get('services').auth.users.create(c.get('principal'), c.req.valid('json'))
  c.header('Location', `/v${c.get('apiVersion')}/users/${user.id}`)
  return c.json(success(c, user), 201)
}

export const list: AppRouteHandler<typeof listUsers> = async (c) => {
  const { page, pageSize } = c.req.valid('query')
  const { items, total } = await c
    .get('services')
    .auth.users.list(c.get('principal'), page, pageSize)
  return c.json(paginated(c, items, { page, pageSize, total }), 200)
}

export const get: AppRouteHandler<typeof getUser> = async (c) => {
  const user = await c.get('services').auth.users.get(c.get('principal'), c.req.valid('param').id)
  return c.json(success(c, user), 200)
}

export const update: AppRouteHandler<typeof updateUser> = async (c) => {
  const user = await c
    .get('services')
    .auth.users.update(c.get('principal'), c.req.valid('param').id, c.req.valid('json'))
  return c.json(success(c, user), 200)
}

export const remove: AppRouteHandler<typeof deleteUser> = async (c) => {
  await c.get('services').auth.users.remove(c.get('principal'), c.req.valid('param').id)
  success(c, null) // marks the success path of the pipeline diagrams
  return c.body(null, 204)
}

export const resend: AppRouteHandler<typeof resendInvitation> = async (c) => {
  const result = await c
    .get('services')
    .auth.users.resendInvitation(c.get('principal'), c.req.valid('param').id)
  return c.json(success(c, result), 202)
}

export const accept: AppRouteHandler<typeof acceptInvitation> = async (c) => {
  const user = await c.get('services').auth.users.acceptInvitation(c.req.valid('json'))
  return c.json({ success: true as const, data: user, meta: successMeta(c) }, 200)
}
