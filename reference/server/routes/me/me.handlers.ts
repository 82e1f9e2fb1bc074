/** @module Handler of `GET /v{n}/me`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { getMe } from './me.routes.ts'

export const me: AppRouteHandler<typeof getMe> = (c) => {
  const principal = c.get('principal')
  const organization = c.get('organization')
  return c.json(
    success(c, {
      user: {
        id: principal.user.id,
        email: principal.user.email,
        name: principal.user.name,
        role: principal.user.role,
      },
      organization: {
        id: organization.id,
        name: organization.name,
        slug: organization.slug,
        status: organization.status,
      },
      credential: {
        kind: principal.kind,
        id: principal.credentialId,
        scopes: [...principal.scopes],
      },
    }),
    200,
  )
}
