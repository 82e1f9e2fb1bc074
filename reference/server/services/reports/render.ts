/**
 * @module Renders a report table as a PDF (pdfkit: pure JavaScript, standard fonts, no native
 * code; loaded on first use) or as CSV (RFC 4180 quoting, written here: a dozen lines, not worth a dependency).
 */
import type { ReportTable } from './builders.ts'

export interface RenderedReport {
  body: Uint8Array
  contentType: string
  extension: 'pdf' | 'csv'
}

const cell = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value

export const renderCsv = (table: ReportTable): RenderedReport => ({
  body: new TextEncoder().encode(
    [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n',
  ),
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
})

export const renderPdf = async (
  table: ReportTable,
  meta: { organization: string; generatedAt: string; reportId: string },
): Promise<RenderedReport> => {
  // pdfkit and its font engine load on the first PDF, not at start-up.
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: table.title, Author: 'BlueRound', Subject: meta.reportId },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  doc.font('Helvetica-Bold').fontSize(18).text(table.title)
  doc.font('Helvetica').fontSize(10).text(`${meta.organization} - generated ${meta.generatedAt}`)
  doc.text(`Report ${meta.reportId}`)
  doc.moveDown()
  for (const line of table.summary) doc.text(line)
  doc.moveDown()
  const width = (doc.page.width - 80) / table.columns.length
  const row = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - 60) doc.addPage()
    const y = doc.y
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9)
    cells.forEach((text, i) => {
      doc.text(text, 40 + i * width, y, { width: width - 4, lineBreak: false, ellipsis: true })
    })
    doc.x = 40
    doc.y = y + 14
  }
  row(table.columns, true)
  for (const cells of table.rows) row(cells, false)
  if (table.rows.length === 0) doc.font('Helvetica-Oblique').text('No rows.', 40)
  doc.end()
  await finished
  return {
    body: new Uint8Array(Buffer.concat(chunks)),
    contentType: 'application/pdf',
    extension: 'pdf',
  }
}
