/**
 * The step names in `FLOW_STEPS` are the diagrams' own: every flowchart node id, every sequence
 * branch label, no more and no fewer. (The project's conformance check then compares the steps
 * the tests actually took with the diagrams' edges.)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FLOW_STEPS, flowEmitter, type FlowId } from './events.ts'

const root = join(import.meta.dirname, '../../..')
const source = (flow: FlowId) => readFileSync(join(root, 'diagrams', `${flow}.mmd`), 'utf8')
const unquoted = (text: string) => text.replace(/"[^"]*"/g, '""')

/** Flowchart node ids and edges (labels dropped), by a small parser of our own conventions. */
const parseFlowchart = (text: string) => {
  const lines = unquoted(text)
    .split('\n')
    .slice(1)
    .filter((line) => !/^\s*(accTitle|accDescr)/.test(line))
  const nodes = new Set<string>()
  const shapes = new Map<string, string>()
  const edges: { from: string; to: string; labelled: boolean }[] = []
  for (const line of lines) {
    for (const match of line.matchAll(/(\w+)\s*(\(\[|\[|\{)/g)) {
      nodes.add(match[1] ?? '')
      shapes.set(match[1] ?? '', match[2] ?? '')
    }
    const edge = /^\s*(\w+)\s*[[({]?.*?(--\s+[^-].*?-->|-->)\s*(\w+)/.exec(line)
    if (edge) edges.push({ from: edge[1] ?? '', to: edge[3] ?? '', labelled: edge[2] !== '-->' })
  }
  return { nodes, shapes, edges }
}

const sequenceBranches = (text: string) =>
  text
    .split('\n')
    .map((line) => /^\s*(?:alt|else|opt|loop|par|and|critical|break)\s+(.+?)\s*$/.exec(line)?.[1])
    .filter((label): label is string => label !== undefined)

describe('flow steps are the diagrams’ own names', () => {
  it.each(Object.keys(FLOW_STEPS) as FlowId[])('%s', (flow) => {
    const text = source(flow)
    expect(text.split('\n')[1]).toMatch(/^\s*accTitle: \S/)
    expect(text.split('\n')[2]).toMatch(/^\s*accDescr: \S/)
    const steps = new Set<string>(FLOW_STEPS[flow])
    if (text.startsWith('flowchart')) {
      const { nodes, shapes, edges } = parseFlowchart(text)
      expect(steps).toEqual(nodes)
      for (const edge of edges) {
        expect(nodes.has(edge.from) && nodes.has(edge.to)).toBe(true)
        // Every edge leaving a decision is labelled, so the decision table has no "(always)".
        if (shapes.get(edge.from) === '{')
          expect(edge, `${edge.from} → ${edge.to}`).toMatchObject({ labelled: true })
      }
    } else {
      expect(steps).toEqual(new Set(sequenceBranches(text)))
    }
  })
})

describe('the hook', () => {
  it('passes { flow, step, run, ...details } and never lets a throwing handler break a call', () => {
    const seen: unknown[] = []
    const emit = flowEmitter((event) => seen.push(event), 'sdk/error-retry', 'run-1')
    emit('backoff', { delayMs: 1000, attempt: 1 })
    expect(seen).toEqual([
      { flow: 'sdk/error-retry', step: 'backoff', run: 'run-1', delayMs: 1000, attempt: 1 },
    ])
    const broken = flowEmitter(
      () => {
        throw new Error('logger down')
      },
      'sdk/error-retry',
      'run-2',
    )
    expect(() => broken('start')).not.toThrow()
  })
})
