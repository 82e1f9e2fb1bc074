/**
 * @module `npm run bench:docs`: the diagram build's cost, measured in one run as ratios.
 *
 * Prints three figures for every diagram in diagrams/:
 *  1. cold: the build's diagram phase with an empty render cache (one browser, parse + light + dark);
 *  2. warm: the same with an unchanged cache, plus embedding every diagram in a page, which is
 *     what a warm build adds over a build with no diagrams;
 *  3. batch: mermaid-isomorphic rendering the same diagrams in both themes in one browser batch,
 *     the physical limit.
 * Goals: cold ≤ 1.3 × batch; warm < 0.5 s.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createMermaidRenderer } from 'mermaid-isomorphic'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { CHROMIUM_ARGS, findBrowser } from '../site/diagrams/engine/find-browser.ts'
import { THEMES } from '../site/diagrams/engine/browser-renderer.ts'
import { buildDiagramLibrary } from '../site/diagrams/engine/diagram-library.ts'
import { readDiagramSources } from '../site/diagrams/engine/diagram-sources.ts'
import remarkDiagrams from '../site/diagrams/markdown/remark-diagrams.ts'

const root = resolve(import.meta.dirname, '..')
const diagramsDir = join(root, 'diagrams')
const { executablePath } = findBrowser()

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now()
  const value = await fn()
  return [(performance.now() - start) / 1000, value]
}

const sources = await readDiagramSources(diagramsDir, root)
const cacheDir = await mkdtemp(join(tmpdir(), 'bench-docs-'))
try {
  const [cold] = await time(() => buildDiagramLibrary({ diagramsDir, root, cacheDir }))
  const [warm] = await time(async () => {
    const library = await buildDiagramLibrary({ diagramsDir, root, cacheDir })
    const page = sources.map((s) => `\`\`\`mermaid src="${s.id}"\n\`\`\``).join('\n\n')
    const processor = unified()
      .use(remarkParse)
      .use(remarkDiagrams, { library: () => library })
      .use(remarkRehype)
    await processor.run(processor.parse(page))
  })
  const renderer = createMermaidRenderer({ launchOptions: { executablePath, args: CHROMIUM_ARGS } })
  const texts = sources.map((s) => s.source)
  const [batch, settled] = await time(() =>
    Promise.all(THEMES.map((theme) => renderer(texts, { mermaidConfig: theme.config }))),
  )
  const failed = settled.flat().filter((r) => r.status === 'rejected').length

  const fmt = (s: number) => `${s.toFixed(2)} s`
  console.log(`Diagrams: ${sources.length} (each rendered in ${THEMES.length} themes)`)
  console.log(
    `cold build of all diagrams:   ${fmt(cold)}  (${(cold / batch).toFixed(2)}× batch; goal ≤ 1.30×)`,
  )
  console.log(`warm build (unchanged cache): ${fmt(warm)}  (added over no diagrams; goal < 0.50 s)`)
  console.log(
    `one-batch render (limit):     ${fmt(batch)}${failed ? `  (${failed} renders failed)` : ''}`,
  )
} finally {
  await rm(cacheDir, { recursive: true, force: true })
}
