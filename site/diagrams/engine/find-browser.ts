/**
 * @module Locates a Chromium executable for build-time Mermaid rendering and end-to-end tests.
 *
 * Order: an explicit `BLUEROUND_CHROMIUM` path, Playwright's own installed browser, then Debian's
 * `/usr/bin/chromium`. The first that exists wins; when none does, the error names every fix.
 */
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** Where a Chromium executable was found, and how. */
export interface BrowserLocation {
  executablePath: string
  source: 'env' | 'playwright' | 'system'
}

/** Thrown when no Chromium executable can be found. Its message lists the ways to get one. */
export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError'
}

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

export interface FindBrowserOptions {
  /** The environment to read `BLUEROUND_CHROMIUM` from. @default process.env */
  env?: Record<string, string | undefined>
  /** Where Playwright's own Chromium would be. @default playwright-core's `executablePath()` */
  playwrightPath?: () => string | undefined
  /** System paths to try last. @default ['/usr/bin/chromium', '/usr/bin/chromium-browser'] */
  systemCandidates?: readonly string[]
}

/**
 * Finds a Chromium executable.
 * @throws BrowserNotFoundError when nothing is found, or when `BLUEROUND_CHROMIUM` names a missing file
 */
export function findBrowser({
  env = process.env,
  playwrightPath = safePlaywrightPath,
  systemCandidates = SYSTEM_CANDIDATES,
}: FindBrowserOptions = {}): BrowserLocation {
  const explicit = env['BLUEROUND_CHROMIUM']
  if (explicit) {
    if (existsSync(explicit)) return { executablePath: explicit, source: 'env' }
    throw new BrowserNotFoundError(
      `BLUEROUND_CHROMIUM is set to "${explicit}", but no file exists there. ` +
        'Point it at a Chromium or Chrome executable, or unset it to use the automatic search.',
    )
  }
  const bundled = playwrightPath()
  if (bundled && existsSync(bundled)) return { executablePath: bundled, source: 'playwright' }
  for (const candidate of systemCandidates) {
    if (existsSync(candidate)) return { executablePath: candidate, source: 'system' }
  }
  throw new BrowserNotFoundError(
    [
      'No Chromium found to render the Mermaid diagrams. Fix it in one of these ways:',
      '  - Debian/Ubuntu: `apt-get install -y chromium` (gives /usr/bin/chromium); `npm run setup` does this as root;',
      '  - with internet access: `npx playwright install chromium`;',
      '  - or set BLUEROUND_CHROMIUM=/path/to/chromium.',
    ].join('\n'),
  )
}

function safePlaywrightPath(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

/**
 * Launch flags for headless Chromium on a machine with no outside network: background services
 * would otherwise try to reach Google and fail noisily.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]
