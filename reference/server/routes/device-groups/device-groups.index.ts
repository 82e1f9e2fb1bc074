/** @module Wiring and handlers of `/device-groups`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { Analytics } from '../../services/analytics.ts'
import * as routes from './device-groups.routes.ts'

export const createDeviceGroupsRouter = ({ groups }: Analytics) => {
  const create: AppRouteHandler<typeof routes.createGroup> = async (c) => {
    const group = await groups.create(c.get('organization').id, c.req.valid('json'))
    c.header('Location', `/v${c.get('apiVersion')}/device-groups/${group.id}`)
    return c.json(success(c, group), 201)
  }
  const get: AppRouteHandler<typeof routes.getGroup> = async (c) =>
    c.json(success(c, await groups.get(c.get('organization').id, c.req.valid('param').id)), 200)
  const add: AppRouteHandler<typeof routes.addMembers> = async (c) => {
    const { id } = c.req.valid('param')
    const group = await groups.add(c.get('organization').id, id, c.req.valid('json').deviceIds)
    return c.json(success(c, group), 200)
  }
  const remove: AppRouteHandler<typeof routes.removeMember> = async (c) => {
    const { id, deviceId } = c.req.valid('param')
    return c.json(success(c, await groups.remove(c.get('organization').id, id, deviceId)), 200)
  }
  const status: AppRouteHandler<typeof routes.groupStatus> = async (c) =>
    c.json(success(c, await groups.status(c.get('organization').id, c.req.valid('param').id)), 200)
  return createRouter()
    .openapi(routes.createGroup, create)
    .openapi(routes.getGroup, get)
    .openapi(routes.addMembers, add)
    .openapi(routes.removeMember, remove)
    .openapi(routes.groupStatus, status)
}
