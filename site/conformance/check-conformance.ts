/**
 * @module The conformance checker: compares the flow events gathered across the test suite with
 * the diagram models, diagram by diagram.
 *
 * - Flowcharts and state diagrams: every edge must be taken at least once; consecutive steps of a
 *   run must follow an edge of the diagram; every step must be a node of the diagram.
 * - Sequence diagrams: every `alt`/`else`/`opt`/`loop`/`par`/`critical`/`break` branch must be
 *   taken; every step must name a branch or a message of the diagram.
 * - Descriptive diagrams (architecture, deployment) are exempt, with a stated reason.
 */
import type { DiagramModel } from '../diagrams/engine/diagram-model.ts'
import type { FlowEvent } from './flow-events.ts'

export interface DiagramInput {
  id: string
  file: string
  model: DiagramModel
}

export interface CoverageUnit {
  /** `from->to` for edges and transitions, the branch id for sequence branches. */
  key: string
  /** Human wording: `Scope sufficient? —No→ Return 403`, `alt: Token valid`. */
  label: string
  covered: boolean
  tests: string[]
}

export interface Finding {
  step: string
  detail: string
  tests: string[]
  sources: string[]
}

export interface DiagramReport {
  id: string
  file: string
  kind: DiagramModel['kind']
  descriptive?: string
  covered: number
  total: number
  units: CoverageUnit[]
  undocumented: Finding[]
  implementedIn: string[]
  verifiedBy: string[]
}

export interface ConformanceReport {
  diagrams: DiagramReport[]
  /** Steps emitted for diagrams that do not exist. */
  unknownFlows: Finding[]
  passed: boolean
}

const testId = (e: FlowEvent) => `${e.testFile} > ${e.testName}`
const sourceId = (e: FlowEvent) =>
  e.source ? `${e.source.file}:${e.source.line}` : '(unknown source)'
const uniq = (items: Iterable<string>) => [...new Set(items)].sort()

function addFinding(
  findings: Map<string, Finding>,
  step: string,
  detail: string,
  event: FlowEvent,
) {
  const key = `${step}\u0000${detail}`
  const finding = findings.get(key) ?? { step, detail, tests: [], sources: [] }
  finding.tests = uniq([...finding.tests, testId(event)])
  finding.sources = uniq([...finding.sources, sourceId(event)])
  findings.set(key, finding)
}

/** Groups a diagram's events into runs, each in time order. */
function runsOf(events: FlowEvent[]): FlowEvent[][] {
  const runs = new Map<string, FlowEvent[]>()
  for (const event of events) runs.set(event.run, [...(runs.get(event.run) ?? []), event])
  return [...runs.values()].map((run) => run.sort((a, b) => a.time - b.time))
}

function checkGraph(
  nodes: Map<string, string>,
  edges: { from: string; to: string; label: string }[],
  events: FlowEvent[],
) {
  const units = new Map<string, CoverageUnit>()
  for (const edge of edges) {
    const key = `${edge.from}->${edge.to}`
    if (units.has(key)) continue
    const arrow = edge.label ? ` —${edge.label}→ ` : ' → '
    units.set(key, {
      key,
      label: `${nodes.get(edge.from) ?? edge.from}${arrow}${nodes.get(edge.to) ?? edge.to}`,
      covered: false,
      tests: [],
    })
  }
  const findings = new Map<string, Finding>()
  for (const run of runsOf(events)) {
    for (const [i, event] of run.entries()) {
      if (!nodes.has(event.step)) {
        addFinding(findings, event.step, 'is not a node of the diagram', event)
        continue
      }
      const previous = run[i - 1]
      if (!previous || !nodes.has(previous.step)) continue
      const unit = units.get(`${previous.step}->${event.step}`)
      if (!unit) {
        addFinding(
          findings,
          event.step,
          `follows "${previous.step}", but the diagram has no edge ${previous.step} → ${event.step}`,
          event,
        )
        continue
      }
      unit.covered = true
      unit.tests = uniq([...unit.tests, testId(event)])
    }
  }
  return { units: [...units.values()], undocumented: [...findings.values()] }
}

function checkSequence(model: Extract<DiagramModel, { kind: 'sequence' }>, events: FlowEvent[]) {
  const branches = model.branches.filter((b) => b.kind !== 'rect')
  const units = new Map<string, CoverageUnit>(
    branches.map((b) => [
      b.id,
      { key: b.id, label: `${b.kind}: ${b.label}`, covered: false, tests: [] },
    ]),
  )
  const byLabel = new Map(branches.map((b) => [b.label, b.id]))
  const messages = new Set(model.messages.map((m) => m.text))
  const findings = new Map<string, Finding>()
  for (const event of events) {
    const unit = units.get(byLabel.get(event.step) ?? event.step)
    if (unit) {
      unit.covered = true
      unit.tests = uniq([...unit.tests, testId(event)])
    } else if (!messages.has(event.step)) {
      addFinding(findings, event.step, 'is neither a branch nor a message of the diagram', event)
    }
  }
  return { units: [...units.values()], undocumented: [...findings.values()] }
}

/**
 * Checks every diagram against the events.
 * @param descriptive - diagram id → the reason it shows structure rather than behaviour
 */
export function checkConformance(
  diagrams: readonly DiagramInput[],
  events: readonly FlowEvent[],
  descriptive: ReadonlyMap<string, string>,
): ConformanceReport {
  const byFlow = new Map<string, FlowEvent[]>()
  for (const event of events) byFlow.set(event.flow, [...(byFlow.get(event.flow) ?? []), event])
  const known = new Set(diagrams.map((d) => d.id))
  const unknown = new Map<string, Finding>()
  for (const event of events) {
    if (!known.has(event.flow))
      addFinding(
        unknown,
        `${event.flow}#${event.step}`,
        `names diagram "${event.flow}", which does not exist`,
        event,
      )
  }

  const reports = diagrams.map((diagram): DiagramReport => {
    const flowEvents = byFlow.get(diagram.id) ?? []
    const base = {
      id: diagram.id,
      file: diagram.file,
      kind: diagram.model.kind,
      implementedIn: uniq(flowEvents.flatMap((e) => (e.source ? [e.source.file] : []))),
      verifiedBy: uniq(flowEvents.map((e) => e.testFile)),
    }
    const reason = descriptive.get(diagram.id)
    const { model } = diagram
    let result: { units: CoverageUnit[]; undocumented: Finding[] }
    if (reason !== undefined || model.kind === 'other') {
      const findings = new Map<string, Finding>()
      for (const event of flowEvents)
        addFinding(findings, event.step, 'is emitted for a descriptive diagram', event)
      result = { units: [], undocumented: [...findings.values()] }
    } else if (model.kind === 'flowchart') {
      result = checkGraph(new Map(model.nodes.map((n) => [n.id, n.text])), model.edges, flowEvents)
    } else if (model.kind === 'state') {
      result = checkGraph(new Map(model.states.map((s) => [s, s])), model.transitions, flowEvents)
    } else {
      result = checkSequence(model, flowEvents)
    }
    return {
      ...base,
      ...(reason !== undefined
        ? { descriptive: reason }
        : model.kind === 'other'
          ? { descriptive: `Mermaid "${model.type}" diagrams carry no flow.` }
          : {}),
      covered: result.units.filter((u) => u.covered).length,
      total: result.units.length,
      ...result,
    }
  })
  const passed =
    unknown.size === 0 &&
    reports.every(
      (r) => r.undocumented.length === 0 && (r.descriptive !== undefined || r.covered === r.total),
    )
  return { diagrams: reports, unknownFlows: [...unknown.values()], passed }
}
