/**
 * @module Contract of `GET /v1/organizations/current` (deprecated) and
 * `GET /v2/organizations/current`. v2 renames `name` to `displayName` and adds `slug`.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { bearerSecurity, commonErrors, json, successEnvelope } from '../../lib/openapi-schemas.ts'
import { deprecation } from '../../middleware/deprecation/index.ts'
import { requireScope } from '../../middleware/permission/index.ts'
import { DEPRECATIONS } from '../../services/deprecations.ts'

const Status = z.enum(['active', 'suspended'])

export const OrganizationV1Schema = z
  .object({ id: z.string(), name: z.string(), status: Status, createdAt: z.string() })
  .openapi('OrganizationV1')

export const OrganizationV2Schema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    slug: z.string(),
    status: Status,
    createdAt: z.string(),
  })
  .openapi('OrganizationV2')

const v1Deprecation = DEPRECATIONS.find((d) => d.route === '/v1/organizations/current')
if (v1Deprecation === undefined) throw new Error('missing deprecation entry for organizations')

export const getCurrentOrganizationV1 = createRoute({
  method: 'get',
  path: '/organizations/current',
  tags: ['Account'],
  summary: "The caller's organization (v1, deprecated)",
  description:
    'Deprecated: use `GET /v2/organizations/current`, which renames `name` to `displayName` ' +
    'and adds `slug`. Responses carry `Deprecation`, `Sunset` and `Link` headers.',
  deprecated: true,
  security: bearerSecurity,
  middleware: [deprecation(v1Deprecation), requireScope('read')] as const,
  responses: {
    200: json(successEnvelope(OrganizationV1Schema), 'The organization'),
    ...commonErrors,
  },
})

export const getCurrentOrganizationV2 = createRoute({
  method: 'get',
  path: '/organizations/current',
  tags: ['Account'],
  summary: "The caller's organization",
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  responses: {
    200: json(successEnvelope(OrganizationV2Schema), 'The organization'),
    ...commonErrors,
  },
})
