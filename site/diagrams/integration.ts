/**
 * @module Astro integration: renders every diagram in `diagrams/` once per build (one browser, one
 * batch, cached), wires the remark plugin and the full-size viewer, and fails the build on diagrams
 * that no page uses.
 */
import { isUnifiedProcessor } from '@astrojs/markdown-remark'
import type { AstroIntegration } from 'astro'
import { fileURLToPath } from 'node:url'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { DiagramBuildError } from './engine/diagram-error.ts'
import { buildDiagramLibrary } from './engine/diagram-library.ts'
import type { DiagramLibrary } from './engine/diagram-library.ts'
import { loadConformanceView } from '../conformance/conformance-view.ts'
import type { ConformanceView } from '../conformance/conformance-view.ts'
import remarkDiagrams from './markdown/remark-diagrams.ts'

export interface DiagramsIntegrationOptions {
  /** Folder of `.mmd` sources, relative to the project root. @default './diagrams' */
  diagramsDir?: string
  /** Render cache folder, relative to the project root. @default './.cache/diagrams' */
  cacheDir?: string
  /** The pages folder, scanned to list which pages use each diagram. @default './docs' */
  docsDir?: string
  /** The last test run's conformance report. @default './.cache/conformance/report.json' */
  conformanceReport?: string
  /** Where links to source files point, ending in `/`. */
  sourceBase: string
}

/** The library of the current build, for other build steps (coverage pages, checks). */
export const currentBuild: {
  library: DiagramLibrary | undefined
  conformance: ConformanceView | undefined
  references: Map<string, Set<string>>
} = {
  library: undefined,
  conformance: undefined,
  references: new Map(),
}

/** Lists diagrams that no page references, as build problems. */
export function findOrphans(library: DiagramLibrary, references: ReadonlyMap<string, unknown>) {
  return [...library.diagrams.values()]
    .filter((diagram) => !references.has(diagram.id))
    .map((diagram) => ({
      file: diagram.file,
      line: null,
      message: `No page uses this diagram. Reference it with \`\`\`mermaid src="${diagram.id}"\`\`\` or delete it.`,
      ruleId: 'orphan-diagram' as const,
    }))
}

export default function blueroundDiagrams(options: DiagramsIntegrationOptions): AstroIntegration {
  const clientModule = fileURLToPath(new URL('./client/full-size-view.ts', import.meta.url))
  return {
    name: 'blueround-diagrams',
    hooks: {
      'astro:config:setup': async ({ config, command, logger, injectScript, addWatchFile }) => {
        const processor = config.markdown.processor
        if (!processor || !isUnifiedProcessor(processor)) {
          throw new Error(
            'blueround-diagrams needs the unified Markdown processor: set `markdown: { processor: unified() }` (from @astrojs/markdown-remark) in astro.config.mjs.',
          )
        }
        currentBuild.references.clear()
        processor.options.remarkPlugins.unshift([
          remarkDiagrams,
          {
            library: () => currentBuild.library,
            conformance: () => currentBuild.conformance,
            onReference: (id: string, page: string) => {
              const pages = currentBuild.references.get(id) ?? new Set<string>()
              currentBuild.references.set(id, pages.add(page))
            },
          },
        ])
        injectScript('page', `import ${JSON.stringify(clientModule)}`)
        if (command !== 'dev' && command !== 'build') return
        if (command === 'build') {
          // Astro caches rendered Markdown in its content store, keyed by the page's own text, so a
          // changed diagram would leave stale pages and hide references from the orphan check.
          // Re-rendering Markdown is cheap; the expensive part, Mermaid, has its own cache.
          await rm(new URL('data-store.json', config.cacheDir), { force: true })
        }
        const root = fileURLToPath(config.root)
        const diagramsDir = resolve(root, options.diagramsDir ?? './diagrams')
        currentBuild.library = await buildDiagramLibrary({
          diagramsDir,
          root,
          cacheDir: resolve(root, options.cacheDir ?? './.cache/diagrams'),
        })
        currentBuild.conformance = await loadConformanceView({
          reportFile: resolve(
            root,
            options.conformanceReport ?? './.cache/conformance/report.json',
          ),
          docsDir: resolve(root, options.docsDir ?? './docs'),
          sourceBase: options.sourceBase,
        })
        if (!currentBuild.conformance.report) {
          logger.info(
            'No conformance report yet (run `npm test`); flow pages say coverage is not measured.',
          )
        }
        const { total, fromCache, rendered, milliseconds } = currentBuild.library.stats
        logger.info(
          `${total} diagrams ready (${fromCache} cached, ${rendered} rendered) in ${milliseconds} ms`,
        )
        if (command === 'dev') {
          for (const diagram of currentBuild.library.diagrams.values())
            addWatchFile(resolve(root, diagram.file))
        }
      },
      'astro:build:done': () => {
        if (!currentBuild.library) return
        const orphans = findOrphans(currentBuild.library, currentBuild.references)
        if (orphans.length > 0) throw new DiagramBuildError(orphans)
      },
    },
  }
}
