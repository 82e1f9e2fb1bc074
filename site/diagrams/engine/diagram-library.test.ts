import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DiagramBuildError } from './diagram-error.ts'
import { buildDiagramLibrary } from './diagram-library.ts'
import type { DiagramLibrary } from './diagram-library.ts'

const root = resolve(import.meta.dirname, '../../..')
const fixtures = resolve(import.meta.dirname, '../__fixtures__')

describe('buildDiagramLibrary', () => {
  let library: DiagramLibrary
  let cacheDir: string

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'diagram-cache-'))
    library = await buildDiagramLibrary({ diagramsDir: join(fixtures, 'library'), root, cacheDir })
  })

  it('renders every diagram in light and dark and keeps its accessible title', () => {
    const approval = library.diagrams.get('flows/approval')
    expect(approval?.file).toBe('site/diagrams/__fixtures__/library/flows/approval.mmd')
    expect(approval?.title).toBe('Approval fixture')
    expect(approval?.svg.light).toMatch(/^<svg[\s\S]*<\/svg>$/)
    expect(approval?.svg.dark).toMatch(/^<svg[\s\S]*<\/svg>$/)
    expect(approval?.svg.light).not.toBe(approval?.svg.dark)
    expect(library.stats).toMatchObject({ total: 3, rendered: 3, fromCache: 0 })
  })

  it("extracts flowchart nodes and labelled edges from Mermaid's parser", () => {
    expect(library.diagrams.get('flows/approval')?.model).toEqual({
      kind: 'flowchart',
      nodes: [
        { id: 'A', text: 'Request arrives', shape: 'stadium' },
        { id: 'B', text: 'Approved?', shape: 'diamond' },
        { id: 'C', text: 'Process', shape: 'square' },
        { id: 'D', text: 'Reject', shape: 'stadium' },
        { id: 'E', text: 'Done', shape: 'stadium' },
      ],
      edges: [
        { from: 'A', to: 'B', label: '' },
        { from: 'B', to: 'C', label: 'Yes' },
        { from: 'B', to: 'D', label: 'No' },
        { from: 'C', to: 'E', label: '' },
      ],
    })
  })

  it('extracts sequence messages with the alt/else branch that encloses each', () => {
    const model = library.diagrams.get('flows/handoff')?.model
    expect(model).toMatchObject({
      kind: 'sequence',
      participants: [
        { id: 'C', label: 'Client' },
        { id: 'A', label: 'API' },
      ],
      branches: [
        { id: 'alt#0:Found', kind: 'alt', label: 'Found' },
        { id: 'else#0:Missing', kind: 'else', label: 'Missing' },
      ],
      messages: [
        { from: 'C', to: 'A', text: 'GET /thing', branches: [] },
        { from: 'A', to: 'C', text: '200 OK', branches: ['alt#0:Found'] },
        { from: 'A', to: 'C', text: '404 Not Found', branches: ['else#0:Missing'] },
      ],
    })
  })

  it('serves an unchanged diagram from the cache without a browser', async () => {
    const warm = await buildDiagramLibrary({
      diagramsDir: join(fixtures, 'library'),
      root,
      cacheDir,
      render: () => Promise.reject(new Error('the renderer must not run on a warm cache')),
    })
    expect(warm.stats).toMatchObject({ total: 3, fromCache: 3, rendered: 0 })
    expect(warm.diagrams.get('flows/approval')?.svg).toEqual(
      library.diagrams.get('flows/approval')?.svg,
    )
    expect((await readdir(cacheDir)).length).toBe(3)
  })

  it("fails naming the file, the line and Mermaid's message for invalid diagrams", async () => {
    const error = await buildDiagramLibrary({
      diagramsDir: join(fixtures, 'invalid'),
      root,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DiagramBuildError)
    const { problems, message } = error as DiagramBuildError
    expect(problems).toEqual([
      {
        file: 'site/diagrams/__fixtures__/invalid/broken/bad-edge.mmd',
        line: 5,
        ruleId: 'invalid-diagram',
        message: expect.stringMatching(/^Parse error: .*-->.*Expecting /),
      },
      {
        file: 'site/diagrams/__fixtures__/invalid/broken/no-acc.mmd',
        line: 2,
        ruleId: 'missing-accessibility',
        message: expect.stringContaining('Missing accTitle and accDescr'),
      },
    ])
    expect(message).toContain(
      'site/diagrams/__fixtures__/invalid/broken/bad-edge.mmd:5: Parse error',
    )
  })
})
