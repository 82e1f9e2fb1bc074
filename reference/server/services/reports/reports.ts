/**
 * @module Reports (seed 003, "Report Generation Flow"): `POST /v1/reports` validates the
 * parameters and enqueues a job in the same transaction as the `queued` report; the Background
 * Worker aggregates the data, renders a PDF (or CSV), uploads it to the Object Store and emails
 * the requester a signed, expiring download link. A job still running after
 * `BLUEROUND_REPORT_TIMEOUT_MS` (10 minutes) is cut: the report is `failed` with the reason and the
 * requester is told.
 * @see https://docs.blueround.com/workflows/reports/
 */
import { ForbiddenError } from '../../errors/forbidden-error.ts'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { ValidationError } from '../../errors/validation-error.ts'
import { flowStep } from '../../observability/flow.ts'
import type { ReportFormat, ReportRow, ReportType } from '../../store/telemetry/schema.ts'
import { isoAt, newAnalyticsId, wakeWorker, type AnalyticsContext } from '../telemetry/context.ts'
import { REPORT_PARAMS } from './builders.ts'
import type { Executor } from '../../jobs/index.ts'
import type { TelemetryExecutor } from '../../store/telemetry/schema.ts'
import { createReportLinks } from './links.ts'
import { registerReportJob } from './worker.ts'

export const FLOW = 'workflows/report-generation'

/** The job queue takes the core-typed executor; ours only adds tables, so it is the same object. */
const asJobExecutor = (executor: TelemetryExecutor): Executor => executor as unknown as Executor
export const GENERATE_REPORT_JOB = 'report.generate'

export interface ReportView {
  id: string
  type: ReportType
  params: Record<string, unknown>
  format: ReportFormat
  status: ReportRow['status']
  reason: string | null
  sizeBytes: number | null
  createdAt: string
  startedAt: string | null
  completedAt: string | null
  /** A signed link, valid 24 hours, once the report is ready. */
  downloadUrl: string | null
  downloadExpiresAt: string | null
}

export const createReportService = (ctx: AnalyticsContext) => {
  const links = createReportLinks(ctx.config.signingKey, ctx.clock, ctx.config.publicUrl)

  const find = (organizationId: string, id: string) =>
    ctx.db
      .selectFrom('reports')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst()

  const load = async (organizationId: string, id: string) => {
    const row = await find(organizationId, id)
    if (row === undefined) throw new NotFoundError('Report not found')
    return row
  }

  const view = async (row: ReportRow): Promise<ReportView> => {
    const link =
      row.status === 'ready'
        ? await links.issue({ id: row.id, organizationId: row.organization_id })
        : undefined
    return {
      id: row.id,
      type: row.type,
      params: JSON.parse(row.params) as Record<string, unknown>,
      format: row.format,
      status: row.status,
      reason: row.reason,
      sizeBytes: row.size_bytes,
      createdAt: row.created_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      downloadUrl: link?.url ?? null,
      downloadExpiresAt: link?.expiresAt ?? null,
    }
  }

  registerReportJob(ctx, links)

  return {
    links,

    async request(
      caller: { organizationId: string; userId: string },
      input: { type: ReportType; params: Record<string, unknown> },
    ) {
      const parsed = REPORT_PARAMS[input.type].safeParse(input.params)
      if (!parsed.success) {
        flowStep(FLOW, 'Invalid parameters')
        throw new ValidationError('Invalid report parameters', {
          details: parsed.error.issues.map((issue) => ({
            field: ['params', ...issue.path].join('.'),
            message: issue.message,
          })),
        })
      }
      flowStep(FLOW, 'Valid parameters')
      const { format, ...params } = parsed.data
      const row: ReportRow = {
        id: newAnalyticsId('rpt'),
        organization_id: caller.organizationId,
        requested_by: caller.userId,
        type: input.type,
        params: JSON.stringify(params),
        format,
        status: 'queued',
        reason: null,
        object_key: null,
        size_bytes: null,
        created_at: isoAt(ctx.clock.now()),
        started_at: null,
        completed_at: null,
      }
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('reports').values(row).execute()
        await ctx.jobs.enqueue(asJobExecutor(trx), {
          type: GENERATE_REPORT_JOB,
          key: `report:${row.id}`,
          payload: { reportId: row.id },
          maxAttempts: 3,
        })
      })
      wakeWorker(ctx)
      return { id: row.id, status: row.status }
    },

    async get(organizationId: string, id: string) {
      return view(await load(organizationId, id))
    },

    /** The file, when the link is valid for this organization's report. */
    /**
     * The link alone authorizes the download (it is what the email carries): the token is signed
     * for this report and names its organization, so no credential is needed.
     */
    async download(id: string, token: string) {
      const link = await links.read(token, id)
      if (typeof link === 'string') {
        flowStep(FLOW, 'Link expired or not valid')
        throw new ForbiddenError(
          link === 'expired'
            ? 'The download link has expired; GET /v1/reports/{id} for a new one'
            : 'The download link is not valid',
        )
      }
      const row = await find(link.organizationId, id)
      if (row === undefined || row.object_key === null) {
        flowStep(FLOW, "Another organization's report")
        throw new NotFoundError('Report not found')
      }
      const file = await ctx.objectStore.get(row.object_key)
      if (file === undefined) throw new NotFoundError('The report file is no longer available')
      flowStep(FLOW, 'Valid link')
      const name = `${row.type}-report-${row.id}.${row.format}`
      return { ...file, fileName: name }
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
