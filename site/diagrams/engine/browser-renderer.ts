/**
 * @module Renders a batch of Mermaid diagrams in one headless Chromium page.
 *
 * Written by hand rather than with rehype-mermaid or mermaid-isomorphic because the build needs, in
 * the same browser pass, Mermaid's parsed diagram database (for decision tables and the flow
 * conformance model) as well as one rendering per theme; neither library exposes the parser.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findBrowser } from './find-browser.ts'
import type { DiagramModel } from './diagram-model.ts'

const require = createRequire(import.meta.url)

/** The Mermaid version baked into every cache key. */
export const MERMAID_VERSION: string = (require('mermaid/package.json') as { version: string })
  .version

const MERMAID_BUNDLE = require.resolve('mermaid/dist/mermaid.min.js')
const PAGE_SCRIPT = fileURLToPath(new URL('./browser/render-in-page.js', import.meta.url))

/** A named Mermaid configuration; each diagram is rendered once per theme. */
export interface ThemeConfig {
  name: 'light' | 'dark'
  config: Record<string, unknown>
}

const shared = {
  securityLevel: 'strict',
  fontFamily: 'Arial, "Liberation Sans", Helvetica, sans-serif',
  flowchart: { useMaxWidth: true },
  sequence: { useMaxWidth: true },
}

/** Light follows Mermaid's `default` theme, dark its `dark` theme. */
export const THEMES: readonly ThemeConfig[] = [
  { name: 'light', config: { ...shared, theme: 'default' } },
  // Mermaid's dark edge labels (#ccc on #585858) fall just short of WCAG AA contrast (4.43:1).
  {
    name: 'dark',
    config: { ...shared, theme: 'dark', themeVariables: { edgeLabelBackground: '#333333' } },
  },
]

export interface RenderJob {
  id: string
  source: string
}

export type RenderResult =
  | {
      id: string
      ok: true
      type: string
      title: string
      description: string
      model: DiagramModel
      svg: Record<ThemeConfig['name'], string>
    }
  | { id: string; ok: false; error: { message: string; line: number | null } }

export interface RenderOptions {
  executablePath?: string
  themes?: readonly ThemeConfig[]
}

/**
 * Parses and renders every job in one browser and one page.
 * @returns one result per job, in order; a parse or render failure is a result, not a throw
 */
export async function renderBatch(
  jobs: readonly RenderJob[],
  options: RenderOptions = {},
): Promise<RenderResult[]> {
  if (jobs.length === 0) return [] // No need to start a browser.
  const executablePath = options.executablePath ?? findBrowser().executablePath
  const themes = options.themes ?? THEMES
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    // One page per theme, rendering at the same time: Chromium gives each page its own renderer
    // process, so the themes use both cores. Each page parses too; the first page's model is kept.
    const perTheme = await Promise.all(
      themes.map(async (theme) => {
        const page = await browser.newPage()
        await page.setContent('<!doctype html><html lang="en"><head></head><body></body></html>')
        await page.addScriptTag({ path: MERMAID_BUNDLE })
        await page.addScriptTag({ path: PAGE_SCRIPT })
        const script = `window.__blueroundDiagrams.run(${JSON.stringify(jobs)}, ${JSON.stringify([theme])})`
        return (await page.evaluate(script)) as RenderResult[]
      }),
    )
    const [first = [], ...others] = perTheme
    return first.map((result, i) => {
      if (!result.ok) return result
      const failed = others.map((results) => results[i]).find((other) => other && !other.ok)
      if (failed) return failed
      const svg = Object.assign(
        {},
        ...perTheme.map((results) => (results[i]?.ok ? results[i].svg : {})),
      )
      return { ...result, svg }
    })
  } finally {
    await browser.close()
  }
}
