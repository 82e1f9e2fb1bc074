/**
 * @module Emits a whole flow run as `flow.step` span events, for checks whose "implementation" is
 * not running code, such as the pipeline diagram, which is implemented by a workflow file.
 */
import { trace } from '@opentelemetry/api'

export interface FlowSource {
  file: string
  line: number
}

/**
 * Records `steps` of diagram `flow` as one run, attributed to `source`.
 * @example emitFlowRun('contributing/docs-pipeline', ['TRIGGER', 'CHECKOUT'], { file: '.github/workflows/docs.yml', line: 1 })
 */
export function emitFlowRun(flow: string, steps: readonly string[], source: FlowSource): void {
  trace.getTracer('blueround-conformance').startActiveSpan(`flow ${flow}`, (span) => {
    for (const step of steps) {
      span.addEvent('flow.step', {
        'flow.id': flow,
        'flow.step': step,
        'code.filepath': source.file,
        'code.lineno': source.line,
      })
    }
    span.end()
  })
}

/**
 * Walks a flowchart from its start node, taking "Yes" at each decision unless `choices` names
 * another label for it, until a node with no way out.
 * @returns the node ids of the path
 */
export function walkFlowchart(
  edges: readonly { from: string; to: string; label: string }[],
  start: string,
  choices: Readonly<Record<string, string>> = {},
): string[] {
  const path = [start]
  for (let node = start; path.length < 1000;) {
    const out = edges.filter((edge) => edge.from === node)
    if (out.length === 0) return path
    const next =
      out.length === 1 ? out[0] : out.find((edge) => edge.label === (choices[node] ?? 'Yes'))
    if (!next) throw new Error(`No edge labelled "${choices[node] ?? 'Yes'}" leaves ${node}.`)
    node = next.to
    path.push(node)
  }
  throw new Error(`The walk from ${start} does not end.`)
}
