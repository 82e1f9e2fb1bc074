/**
 * @module Builds the diagram library: every source parsed, validated and rendered in one batch,
 * with unchanged diagrams served from the render cache.
 */
import { renderBatch } from './browser-renderer.ts'
import type { RenderOptions, RenderResult } from './browser-renderer.ts'
import { DiagramBuildError } from './diagram-error.ts'
import type { DiagramProblem } from './diagram-error.ts'
import type { DiagramModel } from './diagram-model.ts'
import { readDiagramSources } from './diagram-sources.ts'
import { RenderCache, cacheKey } from './render-cache.ts'
import type { CachedRender } from './render-cache.ts'

/** A diagram ready to embed: both theme renderings plus its parsed model. */
export interface RenderedDiagram {
  id: string
  file: string
  title: string
  description: string
  type: string
  model: DiagramModel
  svg: { light: string; dark: string }
}

export interface DiagramLibrary {
  diagrams: ReadonlyMap<string, RenderedDiagram>
  stats: { total: number; fromCache: number; rendered: number; milliseconds: number }
}

export interface LibraryOptions extends RenderOptions {
  /** Absolute path of the `diagrams/` folder. */
  diagramsDir: string
  /** Project root, for relative file names in errors. */
  root: string
  /** Absolute path of the render cache folder; omit to disable caching. */
  cacheDir?: string
  /** Injectable renderer, for tests. */
  render?: typeof renderBatch
}

/**
 * Mermaid reports errors found at the end of input (an unclosed bracket, say) on a line past the
 * last one; point at the last non-blank line instead, where the unfinished statement is.
 */
function clampLine(line: number | null, source: string): number | null {
  if (line === null) return null
  const lines = source.split('\n')
  let clamped = Math.min(line, lines.length)
  while (clamped > 1 && (lines[clamped - 1] ?? '').trim() === '') clamped--
  return clamped
}

/**
 * Reads, validates and renders every diagram.
 * @throws DiagramBuildError naming each invalid diagram's file, line and Mermaid's message
 */
export async function buildDiagramLibrary(options: LibraryOptions): Promise<DiagramLibrary> {
  const started = performance.now()
  const sources = await readDiagramSources(options.diagramsDir, options.root)
  const cache = options.cacheDir ? new RenderCache(options.cacheDir) : undefined
  const keys = sources.map((s) => cacheKey(s.source))
  const cached = await Promise.all(keys.map((key) => cache?.get(key)))
  const misses = sources.filter((_, i) => cached[i] === undefined)
  const render = options.render ?? renderBatch
  const results = misses.length > 0 ? await render(misses, options) : []
  const rendered = new Map<string, RenderResult>(results.map((result) => [result.id, result]))

  const problems: DiagramProblem[] = []
  const diagrams = new Map<string, RenderedDiagram>()
  for (const [i, source] of sources.entries()) {
    const result: RenderResult | undefined = cached[i] ?? rendered.get(source.id)
    if (!result) throw new Error(`Renderer returned no result for ${source.file}`)
    if (!result.ok) {
      problems.push({
        file: source.file,
        line: clampLine(result.error.line, source.source),
        message: result.error.message
          .replace(/^(Parse|Lexical) error on line \d+[:.]/, '$1 error:')
          .replace(/\s+/g, ' ')
          .trim(),
        ruleId: 'invalid-diagram',
      })
      continue
    }
    const missing = [result.title ? '' : 'accTitle', result.description ? '' : 'accDescr'].filter(
      Boolean,
    )
    if (missing.length > 0) {
      problems.push({
        file: source.file,
        line: 2,
        message: `Missing ${missing.join(' and ')}: every diagram starts with accTitle and accDescr lines after its type line.`,
        ruleId: 'missing-accessibility',
      })
      continue
    }
    if (cached[i] === undefined) await cache?.set(keys[i] as string, result as CachedRender)
    diagrams.set(source.id, {
      id: source.id,
      file: source.file,
      title: result.title,
      description: result.description,
      type: result.type,
      model: result.model,
      svg: { light: result.svg.light, dark: result.svg.dark },
    })
  }
  if (problems.length > 0) throw new DiagramBuildError(problems)
  return {
    diagrams,
    stats: {
      total: sources.length,
      fromCache: sources.length - misses.length,
      rendered: misses.length,
      milliseconds: Math.round(performance.now() - started),
    },
  }
}
