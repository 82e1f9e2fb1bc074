/**
 * @module The "Implemented in / Verified by / Coverage" block under each flow diagram, and the
 * overview table of every diagram, built from the conformance report of the last test run.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { DiagramReport } from '../../conformance/check-conformance.ts'
import type { ConformanceView } from '../../conformance/conformance-view.ts'

const unitName = (report: DiagramReport) => (report.kind === 'sequence' ? 'branches' : 'edges')
const percent = (r: DiagramReport) =>
  r.total === 0 ? 100 : Math.floor((100 * r.covered) / r.total)

function fileLinks(view: ConformanceView, files: string[]): ElementContent[] {
  return files.flatMap((file, i) => [
    ...(i > 0 ? [{ type: 'text' as const, value: ', ' }] : []),
    h('a', { href: view.sourceBase + file }, h('code', file)),
  ])
}

function coverageText(report: DiagramReport): string {
  return `${report.covered} of ${report.total} ${unitName(report)} taken by tests (${percent(report)} %)`
}

/** The block for one diagram; undefined for descriptive diagrams with nothing to show. */
export function conformanceBlock(view: ConformanceView, id: string): Element {
  const report = view.byId.get(id)
  if (!view.report || !report) {
    return h('div.br-conformance', [
      h('p', [
        h('strong', 'Coverage: '),
        'not measured in this build. Run ',
        h('code', 'npm test'),
        ', which records every flow step the tests take, then build again.',
      ]),
    ])
  }
  if (report.descriptive !== undefined) {
    return h('div.br-conformance', [
      h('p', [h('strong', 'Descriptive diagram: '), report.descriptive]),
    ])
  }
  const missing = report.units.filter((u) => !u.covered).map((u) => u.label)
  return h('div.br-conformance', [
    h('p', [
      h('strong', 'Coverage: '),
      coverageText(report),
      missing.length ? ` — not yet taken: ${missing.join('; ')}` : '',
    ]),
    h('p', [
      h('strong', 'Implemented in: '),
      ...(report.implementedIn.length
        ? fileLinks(view, report.implementedIn)
        : ['no instrumented code yet']),
    ]),
    h('p', [
      h('strong', 'Verified by: '),
      ...(report.verifiedBy.length ? fileLinks(view, report.verifiedBy) : ['no test yet']),
    ]),
  ])
}

/** The overview: every diagram, its coverage and the pages that show it. */
export function conformanceOverview(view: ConformanceView | undefined): Element {
  if (!view?.report) {
    return h('p', [
      'No conformance report in this build. Run ',
      h('code', 'npm test'),
      ' to record the flow steps the tests take; the next build shows them here.',
    ])
  }
  return h('table.br-conformance-overview', [
    h('caption', 'Flow conformance of every diagram'),
    h(
      'thead',
      h(
        'tr',
        ['Diagram', 'Kind', 'Coverage', 'Pages'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      view.report.diagrams.map((d) =>
        h('tr', [
          h('th', { scope: 'row' }, h('code', d.id)),
          h('td', d.kind),
          h(
            'td',
            d.descriptive !== undefined
              ? 'descriptive (exempt)'
              : `${d.covered}/${d.total} ${unitName(d)} (${percent(d)} %)`,
          ),
          h(
            'td',
            (view.pages.get(d.id) ?? []).flatMap((url, i) => [
              ...(i > 0 ? [{ type: 'text' as const, value: ', ' }] : []),
              h(
                'a',
                { href: `${url}#diagram-${d.id.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}` },
                url,
              ),
            ]),
          ),
        ]),
      ),
    ),
  ])
}
