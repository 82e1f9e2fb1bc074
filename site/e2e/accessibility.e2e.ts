import AxeBuilder from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { builtPages, launchBrowser } from './browser.ts'

let browser: Browser
const pages = await builtPages()

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe.each(['light', 'dark'] as const)('every built page in %s mode', (theme) => {
  it('has no serious or critical axe violations and no console errors', async () => {
    const context = await browser.newContext()
    await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme)
    const failures: string[] = []
    let violations = 0
    for (const path of pages) {
      const page = await context.newPage()
      const consoleErrors: string[] = []
      page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()))
      page.on('pageerror', (error) => consoleErrors.push(error.message))
      await page.goto(inject('siteUrl') + path)
      // Expressive Code makes overflowing code blocks focusable from a debounced script; wait for it.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.expressive-code pre')].every(
          (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        ),
      )
      const results = await new AxeBuilder({ page }).analyze()
      for (const v of results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      )) {
        violations++
        failures.push(
          `${path}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
        )
      }
      for (const error of consoleErrors) failures.push(`${path}: console error: ${error}`)
      await page.close()
    }
    await context.close()
    console.log(`axe (${theme}): ${pages.length} pages, ${violations} serious/critical violations`)
    expect(failures).toEqual([])
  })
})
