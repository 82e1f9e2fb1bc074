import { describe, expect, it } from 'vitest'
import { BrowserNotFoundError, findBrowser } from './find-browser.ts'

const existing = process.execPath
const none = () => undefined

describe('findBrowser', () => {
  it('uses BLUEROUND_CHROMIUM first when it points at a file', () => {
    expect(
      findBrowser({ env: { BLUEROUND_CHROMIUM: existing }, playwrightPath: () => existing }),
    ).toEqual({ executablePath: existing, source: 'env' })
  })

  it('fails with the fix when BLUEROUND_CHROMIUM points nowhere', () => {
    expect(() => findBrowser({ env: { BLUEROUND_CHROMIUM: '/nope/chromium' } })).toThrow(
      /BLUEROUND_CHROMIUM is set to "\/nope\/chromium", but no file exists there/,
    )
  })

  it("prefers Playwright's installed browser over the system one", () => {
    expect(
      findBrowser({ env: {}, playwrightPath: () => existing, systemCandidates: ['/usr/bin/x'] }),
    ).toEqual({ executablePath: existing, source: 'playwright' })
  })

  it("skips Playwright's browser when it is not installed and takes the first system candidate", () => {
    expect(
      findBrowser({
        env: {},
        playwrightPath: () => '/nope/ms-playwright/chrome',
        systemCandidates: ['/nope/one', existing],
      }),
    ).toEqual({ executablePath: existing, source: 'system' })
  })

  it('names every way to get a browser when none exists', () => {
    const attempt = () =>
      findBrowser({ env: {}, playwrightPath: none, systemCandidates: ['/nope'] })
    expect(attempt).toThrow(BrowserNotFoundError)
    expect(attempt).toThrow(
      /apt-get install -y chromium[\s\S]*npx playwright install chromium[\s\S]*BLUEROUND_CHROMIUM/,
    )
  })
})
