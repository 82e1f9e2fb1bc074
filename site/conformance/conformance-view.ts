/**
 * @module What the site shows of the conformance report: per diagram, the coverage and the files
 * that implement and verify it, plus which pages use each diagram (for the overview).
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Code } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import type { ConformanceReport, DiagramReport } from './check-conformance.ts'

export interface ConformanceView {
  /** Undefined when no test run produced a report before this build. */
  report: ConformanceReport | undefined
  byId: ReadonlyMap<string, DiagramReport>
  /** Diagram id → URL paths of the pages that embed it. */
  pages: ReadonlyMap<string, string[]>
  /** Base URL for links to source files, e.g. `https://github.com/org/repo/blob/main/`. */
  sourceBase: string
}

const SRC = /(?:^|\s)src="([^"]+)"/

/** The diagram ids a page references, read from its parsed Markdown (examples in code blocks don't count). */
function referencedIds(markdown: string): string[] {
  const ids: string[] = []
  visit(unified().use(remarkParse).parse(markdown), 'code', (node: Code) => {
    const id = node.lang === 'mermaid' ? SRC.exec(node.meta ?? '')?.[1] : undefined
    if (id) ids.push(id)
  })
  return ids
}

/** `docs/api/rate-limiting.md` → `/api/rate-limiting/`; `docs/index.md` → `/`. */
export function pageUrl(docsRelativePath: string): string {
  const path = docsRelativePath
    .split(sep)
    .join('/')
    .replace(/\.mdx?$/, '')
  if (path === 'index') return '/'
  return `/${path.replace(/\/index$/, '')}/`
}

/** Finds which pages reference which diagrams by their ```` ```mermaid src="…" ```` fences. */
export async function scanDiagramPages(docsDir: string): Promise<Map<string, string[]>> {
  const entries = await readdir(docsDir, { recursive: true, withFileTypes: true })
  const pages = new Map<string, string[]>()
  for (const entry of entries) {
    if (!entry.isFile() || !/\.mdx?$/.test(entry.name) || entry.name.startsWith('_')) continue
    const file = join(entry.parentPath, entry.name)
    const text = await readFile(file, 'utf8')
    for (const id of referencedIds(text)) {
      const url = pageUrl(relative(docsDir, file))
      pages.set(id, [...new Set([...(pages.get(id) ?? []), url])].sort())
    }
  }
  return pages
}

export async function loadConformanceView(options: {
  reportFile: string
  docsDir: string
  sourceBase: string
}): Promise<ConformanceView> {
  const report = await readFile(options.reportFile, 'utf8')
    .then((text) => JSON.parse(text) as ConformanceReport)
    .catch(() => undefined)
  return {
    report,
    byId: new Map(report?.diagrams.map((d) => [d.id, d]) ?? []),
    pages: await scanDiagramPages(options.docsDir),
    sourceBase: options.sourceBase,
  }
}
