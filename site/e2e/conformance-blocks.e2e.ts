import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { ConformanceReport } from '../conformance/check-conformance.ts'
import { builtPages } from './browser.ts'

const REPORT = '.cache/conformance/report.json'

describe('flow pages', () => {
  it.skipIf(!existsSync(REPORT))(
    'show coverage, implementation links and test links under every behavioural diagram',
    async () => {
      const report = JSON.parse(await readFile(REPORT, 'utf8')) as ConformanceReport
      const byId = new Map(report.diagrams.map((d) => [d.id, d]))
      const seen = new Set<string>()
      for (const path of await builtPages()) {
        const file = path.endsWith('/') ? `dist${path}index.html` : `dist${path}`
        const html = await readFile(file, 'utf8')
        for (const match of html.matchAll(
          /data-diagram="([^"]+)"[\s\S]*?<div class="br-conformance">([\s\S]*?)<\/div>/g,
        )) {
          const [, id = '', block = ''] = match
          const diagram = byId.get(id)
          expect(diagram, `${path}: ${id} is in the report`).toBeDefined()
          seen.add(id)
          if (diagram?.descriptive !== undefined) {
            expect(block).toContain('Descriptive diagram')
            continue
          }
          expect(block).toContain(`${diagram?.covered} of ${diagram?.total}`)
          expect(block, `${path}: ${id} links its implementation`).toMatch(
            /Implemented in: <\/strong><a href="[^"]+\/blob\/main\/[^"]+"/,
          )
          expect(block, `${path}: ${id} links its tests`).toMatch(
            /Verified by: <\/strong><a href="[^"]+\/blob\/main\/[^"]+\.test\.ts"/,
          )
        }
      }
      expect([...seen].sort()).toEqual(report.diagrams.map((d) => d.id).sort())
    },
  )
})
