import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLinks } from './link-check.ts'

const site = resolve(import.meta.dirname, '__fixtures__/broken-site')

describe('checkLinks', () => {
  it('reports a missing page and a missing fragment, and skips external links offline', async () => {
    const result = await checkLinks({ dir: site })
    expect(result.passed).toBe(false)
    expect(result.broken).toEqual([
      expect.objectContaining({
        url: expect.stringMatching(/broken-site\/guide\/#no-such-heading$/),
        reason: "Fragment identifier '#no-such-heading' not found on page",
      }),
      expect.objectContaining({
        url: expect.stringMatching(/broken-site\/missing\/$/),
        status: 404,
        reason: 'HTTP 404',
      }),
    ])
    expect(result.skipped).toBeGreaterThanOrEqual(2)
  })
})
