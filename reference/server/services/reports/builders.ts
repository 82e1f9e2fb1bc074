/**
 * @module Report builders: the "aggregate the data" step of the report job, one per report type,
 * each from the organization's real data. A builder returns a table that the renderers turn into
 * a PDF or a CSV. Parameters are validated here, per type, when the report is requested.
 * @see https://docs.blueround.com/workflows/reports/
 */
import { z } from 'zod'
import type { ReportRow, ReportType, TelemetryDb } from '../../store/telemetry/schema.ts'

export interface ReportTable {
  title: string
  /** Lines under the title: the parameters, the totals. */
  summary: string[]
  columns: string[]
  rows: string[][]
}

export type ReportBuilder = (
  db: TelemetryDb,
  report: ReportRow,
  signal: AbortSignal,
) => Promise<ReportTable>

export type ReportBuilders = Record<ReportType, ReportBuilder>

const date = z.iso.date({ message: 'Expected a date, YYYY-MM-DD' })

/** The parameters of each report type. */
export const REPORT_PARAMS = {
  inventory: z
    .object({
      lowStockOnly: z.boolean().default(false),
      format: z.enum(['pdf', 'csv']).default('pdf'),
    })
    .strict(),
  orders: z
    .object({
      from: date,
      to: date,
      status: z.enum(['submitted', 'acknowledged', 'rejected', 'shipped', 'delivered']).optional(),
      format: z.enum(['pdf', 'csv']).default('pdf'),
    })
    .strict()
    .refine((p) => p.from <= p.to, { message: '`to` is before `from`', path: ['to'] })
    .refine((p) => !(Date.parse(p.to) - Date.parse(p.from) > 366 * 86_400_000), {
      message: 'At most 366 days',
      path: ['to'],
    }),
} as const

const inventory: ReportBuilder = async (db, report) => {
  const params = REPORT_PARAMS.inventory.parse(JSON.parse(report.params))
  let query = db
    .selectFrom('products as p')
    .innerJoin('inventory_levels as i', 'i.product_id', 'p.id')
    .select(['p.sku', 'p.name', 'i.quantity', 'p.reorder_level', 'i.location'])
    .where('p.organization_id', '=', report.organization_id)
    .where('p.deleted_at', 'is', null)
    .orderBy('p.sku')
  if (params.lowStockOnly) query = query.whereRef('i.quantity', '<', 'p.reorder_level')
  const rows = await query.execute()
  const low = rows.filter((r) => r.quantity < r.reorder_level).length
  return {
    title: 'Inventory report',
    summary: [
      params.lowStockOnly ? 'Products below their reorder level' : 'Every product',
      `${rows.length} products, ${low} below the reorder level`,
    ],
    columns: ['SKU', 'Product', 'Quantity', 'Reorder level', 'Location', 'Status'],
    rows: rows.map((r) => [
      r.sku,
      r.name,
      String(r.quantity),
      String(r.reorder_level),
      r.location ?? '',
      r.quantity < r.reorder_level ? 'LOW' : 'OK',
    ]),
  }
}

const orders: ReportBuilder = async (db, report) => {
  const params = REPORT_PARAMS.orders.parse(JSON.parse(report.params))
  const end = new Date(Date.parse(params.to) + 86_400_000).toISOString()
  let query = db
    .selectFrom('orders as o')
    .innerJoin('suppliers as s', 's.id', 'o.supplier_id')
    .leftJoin('order_lines as l', 'l.order_id', 'o.id')
    .select((eb) => [
      'o.id',
      'o.status',
      'o.created_at',
      's.name as supplier',
      eb.fn.count<number | string>('l.line_number').as('lines'),
      eb.fn.coalesce(eb.fn.sum<number | string>('l.quantity'), eb.lit(0)).as('units'),
    ])
    .where('o.organization_id', '=', report.organization_id)
    .where('o.created_at', '>=', new Date(params.from).toISOString())
    .where('o.created_at', '<', end)
    .groupBy(['o.id', 'o.status', 'o.created_at', 's.name'])
    .orderBy('o.created_at')
  if (params.status !== undefined) query = query.where('o.status', '=', params.status)
  const rows = await query.execute()
  const units = rows.reduce((n, r) => n + Number(r.units), 0)
  return {
    title: 'Orders report',
    summary: [
      `Orders created ${params.from} to ${params.to}${params.status === undefined ? '' : `, status ${params.status}`}`,
      `${rows.length} orders, ${units} units`,
    ],
    columns: ['Order', 'Created', 'Supplier', 'Status', 'Lines', 'Units'],
    rows: rows.map((r) => [
      r.id,
      r.created_at.slice(0, 10),
      r.supplier,
      r.status,
      String(Number(r.lines)),
      String(Number(r.units)),
    ]),
  }
}

export const defaultReportBuilders = (): ReportBuilders => ({ inventory, orders })
