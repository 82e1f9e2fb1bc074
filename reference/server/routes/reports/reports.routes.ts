/** @module Contracts of `/v{n}/reports`: request a report, follow it, download the file. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  notFoundError,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'

const ReportStatus = z.enum(['queued', 'running', 'ready', 'failed'])
const ReportType = z.enum(['inventory', 'orders'])

const ReportSchema = z
  .object({
    id: z.string().openapi({ example: 'rpt_T5k8Wq1mZx3aLp9D' }),
    type: ReportType,
    params: z.record(z.string(), z.unknown()),
    format: z.enum(['pdf', 'csv']),
    status: ReportStatus,
    reason: z.string().nullable().openapi({ description: 'Why it failed' }),
    sizeBytes: z.number().int().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    downloadUrl: z
      .string()
      .nullable()
      .openapi({ description: 'Signed link, valid 24 hours, once `ready`' }),
    downloadExpiresAt: z.string().nullable(),
  })
  .openapi('Report')

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'rpt_T5k8Wq1mZx3aLp9D' }),
})

const tags = ['Reports']

export const requestReport = createRoute({
  method: 'post',
  path: '/reports',
  tags,
  summary: 'Request a report (generated in the background)',
  description:
    '`inventory` takes `{ lowStockOnly?, format? }`; `orders` takes `{ from, to, status?, format? }` ' +
    '(dates `YYYY-MM-DD`, at most 366 days). `format` is `pdf` (default) or `csv`.',
  security: bearerSecurity,
  middleware: [requireScope('reports:write')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              type: ReportType,
              params: z.record(z.string(), z.unknown()).default({}),
            })
            .openapi('ReportRequest', {
              example: { type: 'orders', params: { from: '2026-11-01', to: '2026-11-30' } },
            }),
        },
      },
      required: true,
    },
  },
  responses: {
    202: json(
      successEnvelope(z.object({ id: z.string(), status: z.literal('queued') })),
      'Queued; follow it with GET /v1/reports/{id}',
    ),
    ...badRequestError,
    ...commonErrors,
  },
})

export const getReport = createRoute({
  method: 'get',
  path: '/reports/{id}',
  tags,
  summary: "A report's status, and its download link once ready",
  security: bearerSecurity,
  middleware: [requireScope('reports:read')] as const,
  request: { params: IdParams },
  responses: {
    200: json(successEnvelope(ReportSchema), 'The report'),
    ...notFoundError,
    ...commonErrors,
  },
})

export const downloadReport = createRoute({
  method: 'get',
  path: '/reports/{id}/download',
  tags,
  summary: 'Download the file through its signed link',
  description:
    'The link from the email or from `downloadUrl` is the whole authorization: its `token` is ' +
    'signed for this report and its organization, so no credential is needed. An expired or ' +
    'altered link is 403 FORBIDDEN; a link naming another organization is 404 NOT_FOUND.',
  security: [],
  request: {
    params: IdParams,
    query: z.object({ token: z.string().min(1).max(2000) }),
  },
  responses: {
    200: {
      content: {
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
      },
      description: 'The file, as an attachment',
    },
    ...badRequestError,
    ...notFoundError,
    ...commonErrors,
  },
})
