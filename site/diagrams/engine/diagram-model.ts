/**
 * @module The machine-readable model of a diagram, as extracted from Mermaid's own parser.
 *
 * Flowcharts give nodes and labelled edges, state diagrams give states and transitions, sequence
 * diagrams give participants, messages and their `alt`/`else`/`opt`/`par`/`loop` blocks.
 */

/** A flowchart node. `shape` is Mermaid's vertex type (`diamond` for `{…}` decisions). */
export interface FlowNode {
  id: string
  text: string
  shape: string
}

/** A directed edge; `label` is the edge text such as "Yes", or "" when unlabelled. */
export interface FlowEdge {
  from: string
  to: string
  label: string
}

export interface FlowchartModel {
  kind: 'flowchart'
  nodes: FlowNode[]
  edges: FlowEdge[]
}

/** State diagrams; the start and end pseudo-states are both called `[*]`. */
export interface StateModel {
  kind: 'state'
  states: string[]
  transitions: FlowEdge[]
}

export interface SequenceMessage {
  index: number
  from: string
  to: string
  text: string
  /** The block branches enclosing this message, outermost first, e.g. `["alt#0:Token valid"]`. */
  branches: string[]
}

/** One branch of a block: the `alt` or `else` part, an `opt`, a `par`/`and` lane or a `loop`. */
export interface SequenceBranch {
  /** Stable id `<kind>#<blockIndex>:<label>`. */
  id: string
  block: number
  kind: 'alt' | 'else' | 'opt' | 'loop' | 'par' | 'and' | 'critical' | 'option' | 'break' | 'rect'
  label: string
}

export interface SequenceModel {
  kind: 'sequence'
  participants: { id: string; label: string }[]
  messages: SequenceMessage[]
  branches: SequenceBranch[]
}

export interface OtherModel {
  kind: 'other'
  type: string
}

export type DiagramModel = FlowchartModel | StateModel | SequenceModel | OtherModel

/** Shapes treated as decisions: `{…}` (diamond) and `{{…}}` (hexagon). */
export const DECISION_SHAPES: ReadonlySet<string> = new Set(['diamond', 'hexagon'])
