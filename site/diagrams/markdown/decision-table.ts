/**
 * @module Derives a flowchart's decision table from its parsed model: for each decision node
 * (`{…}` or `{{…}}`), each labelled outcome and the step it leads to.
 */
import type { Element } from 'hast'
import { h } from 'hastscript'
import { DECISION_SHAPES } from '../engine/diagram-model.ts'
import type { DiagramModel } from '../engine/diagram-model.ts'

export interface DecisionRow {
  decision: string
  outcomes: { label: string; next: string }[]
}

/** Lists the decisions of a flowchart in source order; other diagram kinds have none. */
export function decisionRows(model: DiagramModel): DecisionRow[] {
  if (model.kind !== 'flowchart') return []
  const text = new Map(model.nodes.map((node) => [node.id, node.text]))
  return model.nodes
    .filter((node) => DECISION_SHAPES.has(node.shape))
    .map((node) => ({
      decision: node.text,
      outcomes: model.edges
        .filter((edge) => edge.from === node.id)
        .map((edge) => ({ label: edge.label || '(always)', next: text.get(edge.to) ?? edge.to })),
    }))
}

/** Renders the rows as an accessible HTML table, or undefined when there are no decisions. */
export function decisionTable(rows: DecisionRow[], title: string): Element | undefined {
  if (rows.length === 0) return undefined
  return h('table.br-decision-table', [
    h('caption', `Decision points: ${title}`),
    h('thead', [
      h('tr', [
        h('th', { scope: 'col' }, 'Decision'),
        h('th', { scope: 'col' }, 'Outcome'),
        h('th', { scope: 'col' }, 'Next step'),
      ]),
    ]),
    h(
      'tbody',
      rows.flatMap((row) =>
        row.outcomes.map((outcome, i) =>
          h('tr', [
            i === 0
              ? h('th', { scope: 'rowgroup', rowSpan: row.outcomes.length }, row.decision)
              : undefined,
            h('td', outcome.label),
            h('td', outcome.next),
          ]),
        ),
      ),
    ),
  ])
}
