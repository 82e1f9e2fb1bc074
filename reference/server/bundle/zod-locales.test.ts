import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Plugin } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onlyEnglishZodLocales } from './build-bundle.ts'
import { bundleTestEntry } from './test-bundle.ts'

/** What the bundled entry prints: zod's messages for a failed parse, and the locales it has. */
interface Report {
  messages: string[]
  locales: string[]
  enMessage: string
}

const ENTRY = `import { z } from 'zod'
const result = z.object({ name: z.string(), age: z.number().int().min(0) }).safeParse({ name: 1, age: -1 })
const english = z.locales.en()
process.stdout.write(JSON.stringify({
  messages: result.error.issues.map((issue) => issue.message),
  locales: Object.keys(z.locales),
  enMessage: english.localeError({ code: 'invalid_type', expected: 'string', input: 1 }),
}))
`

let dir = ''

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'blueround-zod-locales-'))
  writeFileSync(path.join(dir, 'entry.mjs'), ENTRY)
})

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

/** Bundles the entry as the server bundle is built; returns its report and its size. */
const bundleAndRun = async (
  name: string,
  plugins: Plugin[],
): Promise<{ report: Report; bytes: number; source: string }> => {
  const outfile = await bundleTestEntry(dir, name, plugins)
  const output = execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8' })
  const source = readFileSync(outfile, 'utf8')
  return { report: JSON.parse(output) as Report, bytes: source.length, source }
}

describe('onlyEnglishZodLocales', () => {
  it("keeps zod's English messages and z.locales.en, and drops the other locales", async () => {
    const trimmed = await bundleAndRun('english', [onlyEnglishZodLocales])
    const full = await bundleAndRun('full', [])
    expect(trimmed.report.messages).toEqual(full.report.messages)
    expect(trimmed.report.messages[0]).toMatch(/^Invalid input: expected string, received number/)
    expect(trimmed.report.locales).toEqual(['en'])
    expect(trimmed.report.enMessage).toBe(full.report.enMessage)
    expect(full.report.locales).toContain('de')
    // German's "Ungültige Eingabe" is in the full bundle only (esbuild escapes the ü).
    expect(full.source).toContain('Ung\\xFCltige Eingabe')
    expect(trimmed.source).not.toContain('Ung\\xFCltige Eingabe')
    expect(trimmed.bytes).toBeLessThan(full.bytes - 250_000)
  })
})
