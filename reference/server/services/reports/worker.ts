/**
 * @module The report job of the Background Worker: running → aggregate → render → upload →
 * ready → email the link; or, when a step fails for good or the whole job passes the report
 * timeout, failed with the reason → email the requester why. Each email is sent once per report
 * (`sendOnce`, keyed by the report), however often the job is retried.
 */
import { crashPoint } from '../../lib/crash-point.ts'
import { sendOnce } from '../../mailer/index.ts'
import { flowStepIn } from '../../observability/flow.ts'
import type { ReportRow } from '../../store/telemetry/schema.ts'
import { isoAt, type AnalyticsContext } from '../telemetry/context.ts'
import type { ReportLinks } from './links.ts'
import { renderCsv, renderPdf } from './render.ts'

const FLOW = 'workflows/report-generation'
const JOB = 'report.generate'

class ReportTimeout extends Error {}

const minutes = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms} ms`

export const registerReportJob = (ctx: AnalyticsContext, links: ReportLinks) => {
  const update = (id: string, fields: Partial<ReportRow>) =>
    ctx.db.updateTable('reports').set(fields).where('id', '=', id).execute()

  /** Aggregate, render and upload, cut at the report timeout. */
  const generate = async (report: ReportRow) => {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const cut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(
          new ReportTimeout(
            `Report generation timed out after ${minutes(ctx.config.reportTimeoutMs)}`,
          ),
        )
      }, ctx.config.reportTimeoutMs)
    })
    const work = async () => {
      const table = await ctx.reportBuilders[report.type](ctx.db, report, controller.signal)
      const organization = await ctx.db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', report.organization_id)
        .executeTakeFirst()
      const file =
        report.format === 'csv'
          ? renderCsv(table)
          : await renderPdf(table, {
              organization: organization?.name ?? report.organization_id,
              generatedAt: isoAt(ctx.clock.now()),
              reportId: report.id,
            })
      const key = `reports/${report.organization_id}/${report.id}.${file.extension}`
      await ctx.objectStore.put(key, file.body, { contentType: file.contentType })
      return { key, size: file.body.byteLength }
    }
    try {
      return await Promise.race([work(), cut])
    } finally {
      clearTimeout(timer)
    }
  }

  ctx.jobs.registerJobHandler<{ reportId: string }>(JOB, async ({ payload, attempt, job }) => {
    const report = await ctx.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', payload.reportId)
      .executeTakeFirst()
    if (report === undefined || report.status === 'ready' || report.status === 'failed') return
    const run = { run: report.id }
    const requester = await ctx.db
      .selectFrom('users')
      .select(['email', 'name'])
      .where('id', '=', report.requested_by)
      .executeTakeFirst()
    await update(report.id, {
      status: 'running',
      started_at: report.started_at ?? isoAt(ctx.clock.now()),
    })
    const mail = (key: string, subject: string, text: string, link?: string) =>
      requester === undefined
        ? Promise.resolve()
        : sendOnce(
            { db: ctx.db, mailer: ctx.mailer, clock: ctx.clock },
            `report:${report.id}:${key}`,
            {
              to: requester.email,
              subject,
              text,
              ...(link === undefined ? {} : { links: [link] }),
            },
          )
    try {
      const { key, size } = await generate(report)
      crashPoint('report:after-upload') // crash tests only (lib/crash-point.ts)
      await update(report.id, {
        status: 'ready',
        object_key: key,
        size_bytes: size,
        completed_at: isoAt(ctx.clock.now()),
        reason: null,
      })
      flowStepIn(FLOW, run, 'Generated in time')
      const link = await links.issue({ id: report.id, organizationId: report.organization_id })
      await mail(
        'ready',
        `Your ${report.type} report is ready`,
        `Your ${report.type} report (${report.id}) is ready.\n\n` +
          `Download it until ${link.expiresAt}:\n\n${link.url}\n\n` +
          'Anyone with this link can download the file until then, so do not forward it.\n',
        link.url,
      )
    } catch (error) {
      const timedOut = error instanceof ReportTimeout
      // A timeout is final (a retry would be cut too); other errors retry with backoff first.
      if (!timedOut && attempt < job.max_attempts) throw error
      const reason = timedOut
        ? error.message
        : `Report generation failed after ${attempt} attempts (the server log has the details)`
      await update(report.id, { status: 'failed', reason, completed_at: isoAt(ctx.clock.now()) })
      flowStepIn(FLOW, run, 'Timed out or failed')
      ctx.logger.warn({ reportId: report.id, reason, err: error }, 'report failed')
      await mail(
        'failed',
        `Your ${report.type} report failed`,
        `Your ${report.type} report (${report.id}) could not be generated.\n\nReason: ${reason}\n\n` +
          'Request it again with POST /v1/reports; narrower parameters make it faster.',
      )
    }
  })
}
