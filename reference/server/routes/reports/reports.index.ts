/** @module Wiring and handlers of `/reports`. */
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { createRouter } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import type { Analytics } from '../../services/analytics.ts'
import * as routes from './reports.routes.ts'

export const createReportsRouter = ({ reports }: Analytics) => {
  const request: AppRouteHandler<typeof routes.requestReport> = async (c) => {
    const queued = await reports.request(
      { organizationId: c.get('organization').id, userId: c.get('principal').user.id },
      c.req.valid('json'),
    )
    c.header('Location', `/v${c.get('apiVersion')}/reports/${queued.id}`)
    return c.json(success(c, { id: queued.id, status: 'queued' as const }), 202)
  }
  const get: AppRouteHandler<typeof routes.getReport> = async (c) =>
    c.json(success(c, await reports.get(c.get('organization').id, c.req.valid('param').id)), 200)
  const download: AppRouteHandler<typeof routes.downloadReport> = async (c) => {
    const file = await reports.download(c.req.valid('param').id, c.req.valid('query').token)
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'private, no-store',
    }) as never
  }
  return createRouter()
    .openapi(routes.requestReport, request)
    .openapi(routes.getReport, get)
    .openapi(routes.downloadReport, download)
}
