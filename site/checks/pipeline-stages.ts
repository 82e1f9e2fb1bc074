/**
 * @module The one mapping between the stages of the docs pipeline diagram
 * (`diagrams/contributing/docs-pipeline.mmd`) and the steps of `.github/workflows/docs.yml`, and
 * the check that both list the same stages in the same order.
 *
 * A stage is any flowchart node that is not a decision (`{…}`), the trigger or an outcome
 * (`([…])`, `((…))`). Add a stage to the diagram, the workflow and {@link PIPELINE_STAGES} together.
 */
import { parse } from 'yaml'
import { DECISION_SHAPES } from '../diagrams/engine/diagram-model.ts'
import type { FlowchartModel } from '../diagrams/engine/diagram-model.ts'

/** One workflow step, flattened out of its job. `uses` drops the `@ref`. */
export interface WorkflowStep {
  job: string
  name: string
  uses?: string
  run?: string
}

/** A workflow step a stage expects: its exact `name:` and what it must do. */
export interface StepMatcher {
  name: string
  /** Matched against the step's `uses` (without `@ref`) or its `run` command. */
  does: RegExp
}

export interface StageMapping {
  /** The diagram node id. */
  node: string
  /** The steps implementing the stage, in order. */
  steps: readonly StepMatcher[]
}

/** Diagram stage ↔ workflow steps. The single place to edit when the pipeline changes. */
export const PIPELINE_STAGES: readonly StageMapping[] = [
  { node: 'CHECKOUT', steps: [{ name: 'Check out repository', does: /^actions\/checkout$/ }] },
  { node: 'SETUP_NODE', steps: [{ name: 'Set up Node', does: /^actions\/setup-node$/ }] },
  {
    node: 'INSTALL',
    steps: [{ name: 'Install dependencies', does: /^npm install --no-audit --no-fund$/ }],
  },
  {
    node: 'BROWSER',
    steps: [
      {
        name: 'Install Playwright Chromium',
        does: /^npx playwright install --with-deps chromium$/,
      },
    ],
  },
  { node: 'LINT', steps: [{ name: 'Lint and format check', does: /^npm run lint$/ }] },
  { node: 'UNIT', steps: [{ name: 'Unit and flow tests', does: /^npm run test:unit$/ }] },
  { node: 'CONFORMANCE', steps: [{ name: 'Flow conformance', does: /^npm run conformance$/ }] },
  { node: 'BUILD', steps: [{ name: 'Strict build', does: /^npm run build$/ }] },
  { node: 'LINKS', steps: [{ name: 'Link check', does: /^npm run check:links$/ }] },
  { node: 'E2E', steps: [{ name: 'End-to-end tests', does: /^npm run test:e2e$/ }] },
  { node: 'SECRETS', steps: [{ name: 'Secrets in logs', does: /^npm run check:secrets$/ }] },
  { node: 'UPLOAD', steps: [{ name: 'Upload built site', does: /^actions\/upload-artifact$/ }] },
  {
    node: 'DEPLOY',
    steps: [
      { name: 'Download built site', does: /^actions\/download-artifact$/ },
      { name: 'Package site for Pages', does: /^actions\/upload-pages-artifact$/ },
      { name: 'Deploy to GitHub Pages', does: /^actions\/deploy-pages$/ },
    ],
  },
]

/** Node shapes that are not stages: decisions, and the trigger and outcomes. */
const NON_STAGE_SHAPES: ReadonlySet<string> = new Set([
  ...DECISION_SHAPES,
  'stadium',
  'circle',
  'doublecircle',
])

/** A stage of the diagram, in pipeline order. */
export interface DiagramStage {
  node: string
  text: string
}

/**
 * Orders the diagram's stages by walking its edges from the start node (depth first, reverse
 * post-order, so every stage comes after all stages that lead to it; back edges are ignored).
 * @throws Error when there is not exactly one start node, or a stage cannot be reached from it
 */
export function diagramStages(model: FlowchartModel): DiagramStage[] {
  const targets = new Set(model.edges.map((edge) => edge.to))
  const starts = model.nodes.filter((node) => !targets.has(node.id))
  const [start] = starts
  if (!start || starts.length > 1) {
    const names = starts.map((node) => node.id).join(', ') || 'none'
    throw new Error(`The pipeline diagram needs exactly one start node; found ${names}.`)
  }
  const visited = new Set<string>()
  const postOrder: string[] = []
  const visit = (id: string): void => {
    visited.add(id)
    for (const edge of model.edges) {
      if (edge.from === id && !visited.has(edge.to)) visit(edge.to)
    }
    postOrder.push(id)
  }
  visit(start.id)
  const unreachable = model.nodes.filter((node) => !visited.has(node.id)).map((node) => node.id)
  if (unreachable.length > 0) {
    throw new Error(`Not reachable from the pipeline's start: ${unreachable.join(', ')}.`)
  }
  const byId = new Map(model.nodes.map((node) => [node.id, node]))
  return postOrder.reverse().flatMap((id) => {
    const node = byId.get(id)
    return node && !NON_STAGE_SHAPES.has(node.shape) ? [{ node: node.id, text: node.text }] : []
  })
}

interface RawStep {
  name?: string
  uses?: string
  run?: string
}
interface RawJob {
  needs?: string | string[]
  steps?: RawStep[]
}

/** Lists a workflow's steps, jobs ordered by `needs` (then by position in the file). */
export function workflowSteps(yamlText: string): WorkflowStep[] {
  const workflow = parse(yamlText) as { jobs?: Record<string, RawJob> }
  const jobs = Object.entries(workflow.jobs ?? {})
  const ordered: string[] = []
  const place = (id: string, seen: Set<string>): void => {
    if (ordered.includes(id) || seen.has(id)) return
    seen.add(id)
    const needs = workflow.jobs?.[id]?.needs ?? []
    for (const need of typeof needs === 'string' ? [needs] : needs) place(need, seen)
    ordered.push(id)
  }
  for (const [id] of jobs) place(id, new Set())
  return ordered.flatMap((job) =>
    (workflow.jobs?.[job]?.steps ?? []).map((step) => ({
      job,
      name: step.name ?? '',
      ...(step.uses === undefined ? {} : { uses: step.uses.replace(/@.*$/, '') }),
      ...(step.run === undefined ? {} : { run: step.run.trim() }),
    })),
  )
}

const label = (stage: DiagramStage | undefined, node: string): string =>
  stage ? `${node} ("${stage.text}")` : node

/**
 * Compares the diagram's stages with the workflow's steps through the mapping.
 * @returns one message per problem: unmapped, missing, extra, mismatched or out-of-order stages;
 * empty when diagram and workflow agree
 */
export function comparePipeline(
  stages: readonly DiagramStage[],
  steps: readonly WorkflowStep[],
  mapping: readonly StageMapping[] = PIPELINE_STAGES,
): string[] {
  const problems: string[] = []
  const mapped = new Map(mapping.map((entry) => [entry.node, entry]))
  const inDiagram = new Map(stages.map((stage) => [stage.node, stage]))
  for (const stage of stages) {
    if (!mapped.has(stage.node)) {
      problems.push(
        `Diagram stage ${label(stage, stage.node)} has no entry in PIPELINE_STAGES: map it to its workflow step(s), or remove it from the diagram.`,
      )
    }
  }
  for (const entry of mapping) {
    if (!inDiagram.has(entry.node)) {
      problems.push(
        `PIPELINE_STAGES maps ${entry.node}, but the diagram has no such stage: add it to diagrams/contributing/docs-pipeline.mmd, or remove the entry.`,
      )
    }
  }

  // Expected position of every step name: (stage index in the diagram, step index in the stage).
  const expected = new Map<string, { node: string; rank: number; matcher: StepMatcher }>()
  for (const [stageIndex, stage] of stages.entries()) {
    for (const [stepIndex, matcher] of (mapped.get(stage.node)?.steps ?? []).entries()) {
      expected.set(matcher.name, { node: stage.node, rank: stageIndex * 1000 + stepIndex, matcher })
    }
  }
  const found = new Set<string>()
  let previous: { step: WorkflowStep; node: string; rank: number } | undefined
  for (const step of steps) {
    const match = expected.get(step.name)
    if (!match) {
      problems.push(
        `Workflow step "${step.name || step.uses || step.run}" (job ${step.job}) matches no diagram stage: add the stage to the diagram and PIPELINE_STAGES, or remove the step.`,
      )
      continue
    }
    found.add(step.name)
    const does = step.uses ?? step.run ?? ''
    if (!match.matcher.does.test(does)) {
      problems.push(
        `Workflow step "${step.name}" should do ${String(match.matcher.does)} for stage ${label(inDiagram.get(match.node), match.node)}, but does "${does}".`,
      )
    }
    if (previous && match.rank < previous.rank) {
      problems.push(
        `Out of order: the workflow runs "${step.name}" (stage ${label(inDiagram.get(match.node), match.node)}) after "${previous.step.name}" (stage ${label(inDiagram.get(previous.node), previous.node)}), but the diagram has them the other way round.`,
      )
    }
    previous = { step, node: match.node, rank: match.rank }
  }
  for (const [name, match] of expected) {
    if (!found.has(name)) {
      problems.push(
        `Missing stage: the diagram has ${label(inDiagram.get(match.node), match.node)}, but the workflow has no step named "${name}".`,
      )
    }
  }
  return problems
}
