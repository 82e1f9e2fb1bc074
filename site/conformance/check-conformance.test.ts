import { describe, expect, it } from 'vitest'
import { checkConformance } from './check-conformance.ts'
import type { DiagramInput } from './check-conformance.ts'
import type { FlowEvent } from './flow-events.ts'

const approval: DiagramInput = {
  id: 'flows/approval',
  file: 'diagrams/flows/approval.mmd',
  model: {
    kind: 'flowchart',
    nodes: [
      { id: 'start', text: 'Request arrives', shape: 'stadium' },
      { id: 'approved', text: 'Approved?', shape: 'diamond' },
      { id: 'process', text: 'Process', shape: 'square' },
      { id: 'reject', text: 'Reject', shape: 'stadium' },
    ],
    edges: [
      { from: 'start', to: 'approved', label: '' },
      { from: 'approved', to: 'process', label: 'Yes' },
      { from: 'approved', to: 'reject', label: 'No' },
    ],
  },
}

const handoff: DiagramInput = {
  id: 'flows/handoff',
  file: 'diagrams/flows/handoff.mmd',
  model: {
    kind: 'sequence',
    participants: [],
    messages: [{ index: 0, from: 'C', to: 'A', text: 'GET /thing', branches: [] }],
    branches: [
      { id: 'alt#0:Found', block: 0, kind: 'alt', label: 'Found' },
      { id: 'else#0:Missing', block: 0, kind: 'else', label: 'Missing' },
    ],
  },
}

const lifecycle: DiagramInput = {
  id: 'flows/lifecycle',
  file: 'diagrams/flows/lifecycle.mmd',
  model: {
    kind: 'state',
    states: ['[*]', 'Active', 'Closed'],
    transitions: [
      { from: '[*]', to: 'Active', label: 'open' },
      { from: 'Active', to: 'Closed', label: 'close' },
    ],
  },
}

let clock = 0
function run(
  id: string,
  flow: string,
  steps: string[],
  test = 'approval.test.ts > approves',
): FlowEvent[] {
  const [testFile = '', testName = ''] = test.split(' > ')
  return steps.map((step) => ({
    flow,
    step,
    run: id,
    time: ++clock,
    testFile,
    testName,
    source: { file: 'reference/server/approve.ts', line: 10 },
  }))
}

const none = new Map<string, string>()

describe('checkConformance', () => {
  it('passes when every edge and branch was taken and every step is drawn', () => {
    const report = checkConformance(
      [approval, handoff, lifecycle],
      [
        ...run('r1', 'flows/approval', ['start', 'approved', 'process']),
        ...run(
          'r2',
          'flows/approval',
          ['start', 'approved', 'reject'],
          'approval.test.ts > rejects',
        ),
        ...run('r3', 'flows/handoff', ['Found', 'GET /thing']),
        ...run('r4', 'flows/handoff', ['Missing']),
        ...run('r5', 'flows/lifecycle', ['[*]', 'Active', 'Closed']),
      ],
      none,
    )
    expect(report.passed).toBe(true)
    expect(report.diagrams.map((d) => [d.id, d.covered, d.total])).toEqual([
      ['flows/approval', 3, 3],
      ['flows/handoff', 2, 2],
      ['flows/lifecycle', 2, 2],
    ])
    expect(report.diagrams[0]).toMatchObject({
      implementedIn: ['reference/server/approve.ts'],
      verifiedBy: ['approval.test.ts'],
    })
    expect(report.diagrams[0]?.units[2]).toEqual({
      key: 'approved->reject',
      label: 'Approved? —No→ Reject',
      covered: true,
      tests: ['approval.test.ts > rejects'],
    })
  })

  it('fails naming the branch when no test takes it', () => {
    const report = checkConformance(
      [approval],
      run('r1', 'flows/approval', ['start', 'approved', 'process']),
      none,
    )
    expect(report.passed).toBe(false)
    expect(report.diagrams[0]?.units.filter((u) => !u.covered).map((u) => u.label)).toEqual([
      'Approved? —No→ Reject',
    ])
  })

  it('fails naming the step, its source and the test when a step is not drawn', () => {
    const report = checkConformance(
      [approval],
      [
        ...run('r1', 'flows/approval', ['start', 'approved', 'process']),
        ...run('r2', 'flows/approval', ['start', 'approved', 'reject']),
        ...run(
          'r3',
          'flows/approval',
          ['start', 'approved', 'escalate'],
          'approval.test.ts > escalates',
        ),
      ],
      none,
    )
    expect(report.passed).toBe(false)
    expect(report.diagrams[0]?.undocumented).toEqual([
      {
        step: 'escalate',
        detail: 'is not a node of the diagram',
        tests: ['approval.test.ts > escalates'],
        sources: ['reference/server/approve.ts:10'],
      },
    ])
  })

  it('fails when consecutive steps skip an edge the diagram does not have', () => {
    const report = checkConformance(
      [approval],
      run('r1', 'flows/approval', ['start', 'process']),
      none,
    )
    expect(report.diagrams[0]?.undocumented[0]).toMatchObject({
      step: 'process',
      detail: 'follows "start", but the diagram has no edge start → process',
    })
  })

  it('fails on a sequence step that is neither a branch nor a message', () => {
    const report = checkConformance(
      [handoff],
      run('r1', 'flows/handoff', ['Found', 'Missing', 'Teapot']),
      none,
    )
    expect(report.diagrams[0]?.undocumented.map((f) => f.step)).toEqual(['Teapot'])
  })

  it('exempts descriptive diagrams, but still refuses steps emitted for them', () => {
    const reasons = new Map([['flows/approval', 'Shows structure only.']])
    expect(checkConformance([approval], [], reasons)).toMatchObject({
      passed: true,
      diagrams: [{ descriptive: 'Shows structure only.', covered: 0, total: 0 }],
    })
    expect(
      checkConformance([approval], run('r', 'flows/approval', ['start']), reasons).passed,
    ).toBe(false)
  })

  it('reports steps emitted for a diagram that does not exist', () => {
    const report = checkConformance([], run('r', 'flows/ghost', ['x']), none)
    expect(report.passed).toBe(false)
    expect(report.unknownFlows[0]).toMatchObject({ step: 'flows/ghost#x' })
  })
})
