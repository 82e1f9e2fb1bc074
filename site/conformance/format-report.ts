/**
 * @module Prints a conformance report as a table, one row per diagram, then every finding.
 */
import type { ConformanceReport } from './check-conformance.ts'

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length))

export function formatReport(report: ConformanceReport): string {
  const rows = report.diagrams.map((d) => {
    const status =
      d.descriptive !== undefined
        ? 'exempt'
        : d.covered === d.total && d.undocumented.length === 0
          ? 'ok'
          : 'FAIL'
    const coverage = d.descriptive !== undefined ? '—' : `${d.covered}/${d.total}`
    const percent =
      d.descriptive !== undefined || d.total === 0
        ? ''
        : `${Math.floor((100 * d.covered) / d.total)}%`
    const missing = d.units.filter((u) => !u.covered).map((u) => u.label)
    const notes =
      d.descriptive ??
      [
        missing.length ? `missing: ${missing.join('; ')}` : '',
        d.undocumented.length ? `${d.undocumented.length} undocumented step(s)` : '',
      ]
        .filter(Boolean)
        .join(' · ')
    return [d.id, d.kind, coverage, percent, status, notes]
  })
  const header = ['diagram', 'kind', 'covered', '%', 'status', 'missing / notes']
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => Math.min((r[i] ?? '').length, i === 5 ? 0 : 60))),
  )
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ')
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
  for (const d of report.diagrams) {
    for (const f of d.undocumented) {
      out.push(`UNDOCUMENTED ${d.id}: step "${f.step}" ${f.detail}`)
      out.push(`  emitted at ${f.sources.join(', ')} by ${f.tests.join(', ')}`)
    }
  }
  for (const f of report.unknownFlows) {
    out.push(`UNKNOWN FLOW ${f.step}: ${f.detail}`)
    out.push(`  emitted at ${f.sources.join(', ')} by ${f.tests.join(', ')}`)
  }
  const behavioural = report.diagrams.filter((d) => d.descriptive === undefined)
  const complete = behavioural.filter(
    (d) => d.covered === d.total && d.undocumented.length === 0,
  ).length
  out.push(
    `conformance: ${complete}/${behavioural.length} behavioural diagrams at 100 %, ${report.diagrams.length - behavioural.length} descriptive, ${report.diagrams.reduce((n, d) => n + d.undocumented.length, 0) + report.unknownFlows.length} undocumented steps — ${report.passed ? 'PASS' : 'FAIL'}`,
  )
  return out.join('\n')
}
