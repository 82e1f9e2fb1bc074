/**
 * @module Shared helpers for the end-to-end tests: one Chromium, found like the build finds it.
 */
import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { CHROMIUM_ARGS, findBrowser } from '../diagrams/engine/find-browser.ts'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser().executablePath, args: CHROMIUM_ARGS })
}

/** Every page of the built site, as a URL path such as `/architecture/overview/`. */
export async function builtPages(dist = 'dist'): Promise<string[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .map((file) =>
      file.endsWith('index.html') ? `/${file.slice(0, -'index.html'.length)}` : `/${file}`,
    )
    .sort()
}
