/**
 * @module A file cache of rendered diagrams, keyed by a hash of the source, the Mermaid version,
 * the theme configuration and this renderer's own version.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MERMAID_VERSION, THEMES } from './browser-renderer.ts'
import type { RenderResult } from './browser-renderer.ts'

/** Bump when the renderer's output changes in a way the other key parts do not capture. */
const RENDERER_VERSION = 1

export type CachedRender = Extract<RenderResult, { ok: true }>

/** The cache key of one diagram source. */
export function cacheKey(source: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ source, mermaid: MERMAID_VERSION, themes: THEMES, RENDERER_VERSION }))
    .digest('hex')
}

export class RenderCache {
  readonly dir: string
  constructor(dir: string) {
    this.dir = dir
  }

  async get(key: string): Promise<CachedRender | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as CachedRender
    } catch {
      return undefined
    }
  }

  async set(key: string, value: CachedRender): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await writeFile(join(this.dir, `${key}.json`), JSON.stringify(value))
  }
}
