/**
 * @module Prints one closing line for the whole test command, summed over every vitest run:
 * `tests: N passed, N failed` (plus skipped), read from the JSON reports in .cache/test-results/.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

interface VitestJson {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
}

const dir = '.cache/test-results'
const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'))
let passed = 0
let failed = 0
let skipped = 0
for (const file of files) {
  const report = JSON.parse(await readFile(join(dir, file), 'utf8')) as VitestJson
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
}
if (files.length === 0) {
  console.error(`No test reports in ${dir}/: did the test runs start?`)
  process.exit(1)
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
