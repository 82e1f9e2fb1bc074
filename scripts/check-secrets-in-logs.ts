/**
 * @module `node scripts/check-secrets-in-logs.ts`: the whole-suite secrets-in-logs check, run by
 * `npm test` after every suite. It reads what the suites recorded in `.cache/test-logs/` (every
 * log line their servers wrote, every password, token and key their tests used) and fails when
 * any secret appears in any line, naming its kind, a redacted prefix, and the test and source
 * that logged it. It fails too when it saw too little: no line, no secret, or (with
 * `--require-kinds a,b` / `--require-sources app,process`) a kind of secret or a source of lines
 * the suites should have produced. The figures go to `.cache/test-results/secrets-in-logs.json`
 * for the closing lines of `npm test` (site/checks/test-summary.ts).
 */
import { parseArgs } from 'node:util'
import { CAPTURE_DIR } from '../reference/server/testing/suite-capture.ts'
import {
  coverageProblems,
  formatScan,
  readCaptureDir,
  scanRecords,
} from '../site/checks/secrets-in-logs.ts'
import { writeFigures } from '../site/checks/test-summary.ts'

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: CAPTURE_DIR },
    'require-kinds': { type: 'string', default: '' },
    'require-sources': { type: 'string', default: '' },
  },
})
const list = (text: string) => text.split(',').filter((item) => item !== '')

const result = scanRecords(readCaptureDir(values.dir))
writeFigures('secrets-in-logs', {
  secrets: result.secrets,
  lines: result.lines,
  leaks: result.leaks.length,
})
console.log(formatScan(result).join('\n'))
const problems = coverageProblems(result, {
  kinds: list(values['require-kinds']),
  sources: list(values['require-sources']),
})
for (const problem of problems)
  console.error(`secrets in logs: ${problem} in ${values.dir}/: is the capture broken?`)
if (result.leaks.length > 0)
  console.error(`secrets in logs: ${result.leaks.length} leaks: no secret may reach a log line.`)
process.exit(problems.length > 0 || result.leaks.length > 0 ? 1 : 0)
