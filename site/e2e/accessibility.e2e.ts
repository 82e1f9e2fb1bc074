import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { writeFigures } from '../checks/test-summary.ts'
import { builtPages, launchBrowser } from './browser.ts'

let browser: Browser
const pages = await builtPages()
const THEMES = ['light', 'dark'] as const
const contexts = new Map<(typeof THEMES)[number], BrowserContext>()
const violations = { light: 0, dark: 0 }

beforeAll(async () => {
  browser = await launchBrowser()
  for (const theme of THEMES) {
    const context = await browser.newContext()
    await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme)
    contexts.set(theme, context)
  }
})

afterAll(async () => {
  for (const theme of THEMES) {
    console.log(
      `axe (${theme}): ${pages.length} pages, ${violations[theme]} serious/critical violations`,
    )
  }
  // For the closing figures of `npm test` (site/checks/test-summary.ts).
  writeFigures('axe', { pages: pages.length, violations: violations.light + violations.dark })
  await browser?.close()
})

describe.each(THEMES)('in %s mode', (theme) => {
  // Two pages at a time (see maxConcurrency): axe takes about a second a page.
  it.concurrent.each(pages)(
    '%s has no serious or critical axe violations and no console errors',
    async (path) => {
      const page = await contexts.get(theme)!.newPage()
      const failures: string[] = []
      page.on(
        'console',
        (msg) => msg.type() === 'error' && failures.push(`console error: ${msg.text()}`),
      )
      page.on('pageerror', (error) => failures.push(`page error: ${error.message}`))
      try {
        await page.goto(inject('siteUrl') + path)
        // Expressive Code makes overflowing code blocks focusable from a debounced script; wait for it.
        await page.waitForFunction(() =>
          [...document.querySelectorAll('.expressive-code pre')].every(
            (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
          ),
        )
        const results = await new AxeBuilder({ page }).analyze()
        for (const v of results.violations) {
          if (v.impact !== 'serious' && v.impact !== 'critical') continue
          violations[theme]++
          failures.push(
            `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
          )
        }
      } finally {
        await page.close()
      }
      expect(failures).toEqual([])
    },
  )
})
