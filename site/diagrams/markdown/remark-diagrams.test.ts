import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Element, Root as HastRoot } from 'hast'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiagramLibrary } from '../engine/diagram-library.ts'
import type { DiagramLibrary } from '../engine/diagram-library.ts'
import { findOrphans } from '../integration.ts'
import remarkDiagrams from './remark-diagrams.ts'

const root = resolve(import.meta.dirname, '../../..')
const fixtures = resolve(import.meta.dirname, '../__fixtures__')

let library: DiagramLibrary
const references = new Map<string, string[]>()

beforeAll(async () => {
  library = await buildDiagramLibrary({
    diagramsDir: resolve(fixtures, 'library'),
    root,
    cacheDir: resolve(root, '.cache/diagrams-fixtures'),
  })
})

function processor() {
  return unified()
    .use(remarkParse)
    .use(remarkDiagrams, {
      library: () => library,
      onReference: (id, page) => references.set(id, [...(references.get(id) ?? []), page]),
    })
    .use(remarkRehype)
}

async function page(name: string): Promise<{ tree: HastRoot; html: string }> {
  const path = resolve(fixtures, 'pages', name)
  const file = new VFile({ path, value: await readFile(path, 'utf8') })
  const tree = (await processor().run(processor().parse(file), file)) as HastRoot
  return { tree, html: unified().use(rehypeStringify).stringify(tree) }
}

const hasClass = (node: Element, name: string) =>
  Array.isArray(node.properties['className']) && node.properties['className'].includes(name)

describe('remarkDiagrams', () => {
  it('replaces a reference with the light and dark SVG, a caption and a full-size control', async () => {
    const { tree } = await page('valid.md')
    const figures: Element[] = []
    visit(tree, 'element', (node) => void (hasClass(node, 'br-diagram') && figures.push(node)))
    expect(figures).toHaveLength(1)
    const figure = figures[0] as Element
    expect(figure.properties).toMatchObject({
      id: 'diagram-flows-approval',
      dataDiagram: 'flows/approval',
    })
    const svgs: Element[] = []
    visit(figure, 'element', (node) => void (node.tagName === 'svg' && svgs.push(node)))
    expect(svgs.map((svg) => svg.properties['id'])).toEqual([
      'dg-flows-approval-light',
      'dg-flows-approval-dark',
    ])
    const button = figure.children
      .flatMap((child) => (child.type === 'element' ? child.children : []))
      .find((child): child is Element => child.type === 'element' && child.tagName === 'button')
    expect(button?.properties).toMatchObject({
      type: 'button',
      ariaHasPopup: 'dialog',
      dataDiagramTarget: 'diagram-flows-approval',
    })
  })

  it('adds a decision table generated from the flowchart', async () => {
    const { html } = await page('valid.md')
    const table = /<table class="br-decision-table">[\s\S]*?<\/table>/.exec(html)?.[0]
    await expect(table).toMatchFileSnapshot('../__fixtures__/pages/valid.decision-table.html')
  })

  it('fails with the page, line and rule when a diagram does not exist', async () => {
    const error = await page('missing.md').catch((e: unknown) => e)
    expect(error).toMatchObject({
      ruleId: 'missing-diagram',
      source: 'blueround-diagrams',
      line: 5,
      file: resolve(fixtures, 'pages/missing.md'),
      reason:
        'Diagram "flows/does-not-exist" does not exist: there is no diagrams/flows/does-not-exist.mmd.',
      fatal: true,
    })
  })

  it('refuses inline Mermaid so every diagram has one source', async () => {
    const error = await page('inline.md').catch((e: unknown) => e)
    expect(error).toMatchObject({ ruleId: 'inline-diagram', line: 3, fatal: true })
  })

  it('keeps every id unique when several diagrams, and one diagram twice, share a page', async () => {
    const { tree } = await page('many.md')
    const ids: string[] = []
    visit(tree, 'element', (node) => {
      if (typeof node.properties['id'] === 'string') ids.push(node.properties['id'])
    })
    expect(ids.length).toBeGreaterThan(20)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    expect(ids).toContain('diagram-flows-approval')
    expect(ids).toContain('diagram-flows-approval-2')
  })

  it('rewrites every internal reference to the scoped ids and leaves none dangling', async () => {
    const { html } = await page('many.md')
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
    const refs = [
      ...html.matchAll(
        /url\(#([^)]+)\)|href="#([^"]+)"|aria-(?:labelledby|describedby)="([^"]+)"/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3])
    expect(refs.length).toBeGreaterThan(0)
    expect(refs.filter((ref) => !ids.has(ref))).toEqual([])
  })
})

describe('findOrphans', () => {
  it('names every diagram that no page references', () => {
    expect(findOrphans(library, new Map([['flows/approval', new Set(['a.md'])]]))).toEqual([
      expect.objectContaining({
        file: 'site/diagrams/__fixtures__/library/flows/handoff.mmd',
        ruleId: 'orphan-diagram',
      }),
      expect.objectContaining({
        file: 'site/diagrams/__fixtures__/library/seed/auth-token-flow.mmd',
        ruleId: 'orphan-diagram',
      }),
    ])
  })

  it('reports nothing when every diagram is referenced', () => {
    const all = new Map([...library.diagrams.keys()].map((id) => [id, new Set(['p.md'])]))
    expect(findOrphans(library, all)).toEqual([])
  })
})
