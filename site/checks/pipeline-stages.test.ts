/**
 * @module Checks that `.github/workflows/docs.yml` runs the stages of
 * `diagrams/contributing/docs-pipeline.mmd`, in the diagram's order, through `pipeline-stages.ts`.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiagramLibrary } from '../diagrams/engine/diagram-library.ts'
import type { FlowchartModel } from '../diagrams/engine/diagram-model.ts'
import { emitFlowRun, walkFlowchart } from '../conformance/emit-flow.ts'
import {
  PIPELINE_STAGES,
  comparePipeline,
  diagramStages,
  workflowSteps,
} from './pipeline-stages.ts'
import type { DiagramStage, WorkflowStep } from './pipeline-stages.ts'

const ROOT = new URL('../../', import.meta.url)
const at = (path: string): string => fileURLToPath(new URL(path, ROOT))
const WORKFLOW = at('.github/workflows/docs.yml')

const PACKAGE_JSON = at('package.json')
const FLOW = 'contributing/docs-pipeline'

let stages: DiagramStage[]
let model: FlowchartModel
let workflowText: string
let steps: WorkflowStep[]

/** The line of the workflow where a step (or the file's first `jobs:` key) is defined. */
const lineOf = (text: string) => {
  const index = workflowText.indexOf(text)
  return index < 0 ? 1 : workflowText.slice(0, index).split('\n').length
}

beforeAll(async () => {
  // Only the contributing area, so a broken diagram elsewhere cannot fail this check.
  const library = await buildDiagramLibrary({
    diagramsDir: at('diagrams/contributing'),
    root: fileURLToPath(ROOT),
    cacheDir: at('.cache/diagrams'),
  })
  const parsed = library.diagrams.get('docs-pipeline')?.model
  if (parsed?.kind !== 'flowchart') throw new Error('docs-pipeline.mmd must be a flowchart')
  model = parsed
  stages = diagramStages(model)
  workflowText = await readFile(WORKFLOW, 'utf8')
  steps = workflowSteps(workflowText)
})

describe('docs pipeline diagram and workflow', () => {
  it('orders the diagram stages by walking its edges from the trigger', () => {
    expect(stages.map((stage) => stage.node)).toEqual([
      'CHECKOUT',
      'SETUP_NODE',
      'INSTALL',
      'BROWSER',
      'LINT',
      'UNIT',
      'CONFORMANCE',
      'BUILD',
      'LINKS',
      'E2E',
      'SECRETS',
      'UPLOAD',
      'DEPLOY',
    ])
  })

  it('runs every diagram stage as workflow steps, in the same order, and nothing else', () => {
    expect(comparePipeline(stages, steps)).toEqual([])
    // The pipeline's success paths: a pull request ends at the preview, a push to main goes live.
    const source = { file: '.github/workflows/docs.yml', line: lineOf('steps:') }
    emitFlowRun(FLOW, walkFlowchart(model.edges, 'TRIGGER', { IS_MAIN: 'No' }), source)
  })

  it('deploys only on a push to main, as the "Push to main?" decision says', () => {
    const workflow = parse(workflowText) as { jobs: Record<string, { if?: string }> }
    expect(workflow.jobs['deploy']?.if).toBe(
      "github.ref == 'refs/heads/main' && github.event_name == 'push'",
    )
    const source = { file: '.github/workflows/docs.yml', line: lineOf('  deploy:') }
    emitFlowRun(FLOW, walkFlowchart(model.edges, 'TRIGGER', { IS_MAIN: 'Yes' }), source)
  })

  it('fails the workflow when any check fails, as each "No" branch says', () => {
    type RawStep = { name?: string; if?: string; 'continue-on-error'?: unknown }
    const workflow = parse(workflowText) as { jobs: Record<string, { steps?: RawStep[] }> }
    const raw = Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])
    const decisions = model.nodes.filter(
      (node) => node.shape === 'diamond' && node.id !== 'IS_MAIN',
    )
    expect(decisions.map((node) => node.id)).toEqual([
      'LINT_OK',
      'UNIT_OK',
      'CONFORMANCE_OK',
      'BUILD_OK',
      'LINKS_OK',
      'E2E_OK',
      'SECRETS_OK',
    ])
    for (const decision of decisions) {
      const stage = model.edges.find((edge) => edge.to === decision.id)?.from ?? ''
      const names = PIPELINE_STAGES.find((entry) => entry.node === stage)?.steps.map((m) => m.name)
      const checks = raw.filter((step) => names?.includes(step.name ?? ''))
      expect(checks.length, `${stage} has workflow steps`).toBeGreaterThan(0)
      // A step fails its job unless it opts out; none may.
      expect(checks.map((step) => [step.name, step.if, step['continue-on-error']])).toEqual(
        checks.map((step) => [step.name, undefined, undefined]),
      )
      const source = { file: '.github/workflows/docs.yml', line: lineOf(`name: ${names?.[0]}`) }
      emitFlowRun(FLOW, walkFlowchart(model.edges, 'TRIGGER', { [decision.id]: 'No' }), source)
    }
  })

  it('runs the same checks as `npm test`, in the same order', async () => {
    const scripts = (
      JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    const local = (scripts['test'] ?? '')
      .split('&&')
      .map((part) => part.trim())
      .filter((part) => part.startsWith('npm run '))
    // Locally the BROWSER stage is `npm run setup` (Debian's Chromium); the workflow runs
    // `npx playwright install` instead. Either way it comes before everything that needs it.
    expect(local[0]).toBe('npm run setup')
    const ci = steps
      .filter((step) => step.run?.startsWith('npm run '))
      .map((step) => step.run ?? '')
    expect(local.slice(1)).toEqual(ci)
  })
})

describe('comparePipeline reports drift', () => {
  it('reports a stage removed from the workflow', () => {
    const withoutLinks = steps.filter((step) => step.name !== 'Link check')
    expect(comparePipeline(stages, withoutLinks)).toEqual([
      'Missing stage: the diagram has LINKS ("Link check npm run check:links"), but the workflow has no step named "Link check".',
    ])
  })

  it('reports two stages swapped in the workflow', () => {
    const byName = (name: string): WorkflowStep =>
      steps.find((step) => step.name === name) ?? expect.fail(`no step "${name}"`)
    const swap: Record<string, WorkflowStep> = {
      'Link check': byName('End-to-end tests'),
      'End-to-end tests': byName('Link check'),
    }
    const swapped = steps.map((step) => swap[step.name] ?? step)
    expect(comparePipeline(stages, swapped)).toEqual([
      'Out of order: the workflow runs "Link check" (stage LINKS ("Link check npm run check:links")) after "End-to-end tests" (stage E2E ("End-to-end tests in Chromium npm run test:e2e")), but the diagram has them the other way round.',
    ])
  })

  it('reports a workflow step that no diagram stage covers', () => {
    const extra = [...steps, { job: 'build', name: 'Lint Markdown', run: 'npx markdownlint docs' }]
    expect(comparePipeline(stages, extra)).toEqual([
      'Workflow step "Lint Markdown" (job build) matches no diagram stage: add the stage to the diagram and PIPELINE_STAGES, or remove the step.',
    ])
  })

  it('reports a step whose command no longer does what its stage says', () => {
    const renamed = steps.map((step) =>
      step.name === 'Strict build' ? { ...step, run: 'npx astro build' } : step,
    )
    expect(comparePipeline(stages, renamed)).toEqual([
      'Workflow step "Strict build" should do /^npm run build$/ for stage BUILD ("Strict build npm run build"), but does "npx astro build".',
    ])
  })

  it('reports a stage added to the diagram but not mapped', () => {
    const model: FlowchartModel = {
      kind: 'flowchart',
      nodes: [
        { id: 'START', text: 'Push', shape: 'stadium' },
        { id: 'BUILD', text: 'Strict build', shape: 'square' },
        { id: 'A11Y', text: 'Accessibility audit', shape: 'square' },
        { id: 'OK', text: 'Passed?', shape: 'diamond' },
        { id: 'END', text: 'Done', shape: 'stadium' },
      ],
      edges: [
        { from: 'START', to: 'BUILD', label: '' },
        { from: 'BUILD', to: 'A11Y', label: '' },
        { from: 'A11Y', to: 'OK', label: '' },
        { from: 'OK', to: 'END', label: 'Yes' },
      ],
    }
    const build = steps.filter((step) => step.name === 'Strict build')
    const mapping = [{ node: 'BUILD', steps: [{ name: 'Strict build', does: /^npm run build$/ }] }]
    expect(comparePipeline(diagramStages(model), build, mapping)).toEqual([
      'Diagram stage A11Y ("Accessibility audit") has no entry in PIPELINE_STAGES: map it to its workflow step(s), or remove it from the diagram.',
    ])
  })

  it('rejects a diagram whose stages are not all reachable from one start', () => {
    const model: FlowchartModel = {
      kind: 'flowchart',
      nodes: [
        { id: 'START', text: 'Push', shape: 'stadium' },
        { id: 'BUILD', text: 'Build', shape: 'square' },
        { id: 'STRAY', text: 'Stray', shape: 'square' },
      ],
      edges: [{ from: 'START', to: 'BUILD', label: '' }],
    }
    expect(() => diagramStages(model)).toThrow(
      'The pipeline diagram needs exactly one start node; found START, STRAY.',
    )
  })
})
