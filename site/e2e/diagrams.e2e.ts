import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { builtPages, launchBrowser } from './browser.ts'

let browser: Browser
let page: Page
let diagramPage: string

beforeAll(async () => {
  browser = await launchBrowser()
  const pages = await builtPages()
  for (const path of pages) {
    const file = path.endsWith('/') ? `dist${path}index.html` : `dist${path}`
    if ((await readFile(file, 'utf8')).includes('class="br-diagram"')) {
      diagramPage = path
      break
    }
  }
  expect(diagramPage, 'no built page contains a diagram').toBeDefined()
})

afterAll(() => browser?.close())

async function open(theme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ colorScheme: 'light' })
  await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme)
  page = await context.newPage()
  await page.goto(inject('siteUrl') + diagramPage)
  return page
}

describe('diagram themes', () => {
  it('shows the light SVG in light mode and the dark SVG after the theme toggle', async () => {
    const p = await open('light')
    const figure = p.locator('figure.br-diagram').first()
    await expect.poll(() => figure.locator('.br-diagram__light svg').isVisible()).toBe(true)
    expect(await figure.locator('.br-diagram__dark svg').isVisible()).toBe(false)

    await p.locator('starlight-theme-select select').first().selectOption('dark')
    expect(await p.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark')
    await expect.poll(() => figure.locator('.br-diagram__dark svg').isVisible()).toBe(true)
    expect(await figure.locator('.br-diagram__light svg').isVisible()).toBe(false)
    await p.context().close()
  })

  it('follows a stored dark preference on first paint, not only prefers-color-scheme', async () => {
    const p = await open('dark')
    const figure = p.locator('figure.br-diagram').first()
    expect(await figure.locator('.br-diagram__dark svg').isVisible()).toBe(true)
    expect(await figure.locator('.br-diagram__light svg').isVisible()).toBe(false)
    await p.context().close()
  })
})

describe('full-size view', () => {
  it('opens from the keyboard, zooms with +, and closes with Escape returning focus', async () => {
    const p = await open('light')
    const button = p.locator('.br-diagram__expand').first()
    await button.focus()
    await p.keyboard.press('Enter')
    const dialog = p.locator('dialog.br-diagram-dialog')
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true)
    expect(await dialog.locator('svg').count()).toBe(1)
    const stage = dialog.locator('.br-diagram-dialog__stage')
    const before = await stage.evaluate((el) => getComputedStyle(el).transform)
    await p.keyboard.press('+')
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).transform)).not.toBe(before)
    await p.keyboard.press('ArrowLeft')
    await p.keyboard.press('Escape')
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false)
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)
    await p.context().close()
  })

  it('keeps ids unique on the page while the dialog is open', async () => {
    const p = await open('light')
    await p.locator('.br-diagram__expand').first().click()
    const duplicates = await p.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((el) => el.id)
      return ids.filter((id, i) => ids.indexOf(id) !== i)
    })
    expect(duplicates).toEqual([])
    await p.context().close()
  })
})
