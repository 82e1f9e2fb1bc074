/** @module Handlers of `/v{n}/organizations/current`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { getCurrentOrganizationV1, getCurrentOrganizationV2 } from './organizations.routes.ts'

export const currentV1: AppRouteHandler<typeof getCurrentOrganizationV1> = (c) => {
  const o = c.get('organization')
  return c.json(
    success(c, { id: o.id, name: o.name, status: o.status, createdAt: o.created_at }),
    200,
  )
}

export const currentV2: AppRouteHandler<typeof getCurrentOrganizationV2> = (c) => {
  const o = c.get('organization')
  return c.json(
    success(c, {
      id: o.id,
      displayName: o.name,
      slug: o.slug,
      status: o.status,
      createdAt: o.created_at,
    }),
    200,
  )
}
