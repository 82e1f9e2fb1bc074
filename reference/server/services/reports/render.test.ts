import { describe, expect, it } from 'vitest'
import { renderCsv, renderPdf } from './render.ts'

const table = {
  title: 'Inventory report',
  summary: ['1 product'],
  columns: ['SKU', 'Product'],
  rows: [['A-1', 'Bolt, "hex", M8\nzinc']],
}

describe('report renderers', () => {
  it('quotes CSV cells with commas, quotes and line breaks (RFC 4180)', () => {
    const csv = new TextDecoder().decode(renderCsv(table).body)
    expect(csv).toBe('SKU,Product\r\nA-1,"Bolt, ""hex"", M8\nzinc"\r\n')
  })

  it('renders a PDF that starts a new page when the rows run past the first', async () => {
    const long = { ...table, rows: Array.from({ length: 120 }, (_, i) => [`S-${i}`, `Item ${i}`]) }
    const pdf = await renderPdf(long, {
      organization: 'Acme',
      generatedAt: 'now',
      reportId: 'rpt_1',
    })
    const text = Buffer.from(pdf.body).toString('latin1')
    expect(text.startsWith('%PDF-')).toBe(true)
    expect(text.match(/\/Type \/Page\b/g)?.length).toBeGreaterThan(1)
  })
})
