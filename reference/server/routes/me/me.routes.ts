/** @module Contract of `GET /v{n}/me`. */
import { createRoute, z } from '@hono/zod-openapi'
import { bearerSecurity, commonErrors, json, successEnvelope } from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { ALL_SCOPES } from '../../services/permissions.ts'

export const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      role: z.enum(['admin', 'member', 'viewer']),
    }),
    organization: z.object({
      id: z.string(),
      name: z.string(),
      slug: z.string(),
      status: z.enum(['active', 'suspended']),
    }),
    credential: z.object({
      kind: z.enum(['api_key', 'jwt']),
      id: z.string(),
      scopes: z.array(z.enum(ALL_SCOPES as [string, ...string[]])),
    }),
  })
  .openapi('Me')

export const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Account'],
  summary: 'The caller: user, organization and credential',
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  responses: {
    200: json(successEnvelope(MeSchema), 'The caller'),
    ...commonErrors,
  },
})
