/**
 * @module Prints the closing lines of the whole test command: `tests: N passed, N failed` (plus
 * skipped), summed over every vitest run, then the reliability figures (fuzz cases, 5xx, jobs lost
 * and duplicated, cross-tenant leaks, axe violations, broken links, secrets in logs), read from the JSON files in
 * .cache/test-results/ (see site/checks/test-summary.ts). A figure whose suite did not run reads
 * `not run`; only failed tests fail the command.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  RESULTS_DIR,
  figuresFile,
  formatFigures,
  formatTotals,
  isFiguresFile,
  sumTestReports,
  type FigureName,
} from '../site/checks/test-summary.ts'

const readJson = async (file: string): Promise<unknown> =>
  JSON.parse(await readFile(file, 'utf8')) as unknown

const files = (await readdir(RESULTS_DIR).catch(() => [])).filter((f) => f.endsWith('.json'))
const reports = await Promise.all(
  files.filter((f) => !isFiguresFile(f)).map((f) => readJson(join(RESULTS_DIR, f))),
)
const totals = sumTestReports(reports)
if (totals.runs === 0) {
  console.error(`No test reports in ${RESULTS_DIR}/: did the test runs start?`)
  process.exit(1)
}
const figures = new Map<FigureName, unknown>()
for (const file of files.filter(isFiguresFile)) {
  const name = file.slice(0, -'.json'.length) as FigureName
  figures.set(name, await readJson(figuresFile(name)).catch(() => undefined))
}
console.log(formatTotals(totals))
console.log(formatFigures((name) => figures.get(name)).join('\n'))
process.exit(totals.failed > 0 ? 1 : 0)
