/**
 * @module `npm run fuzz`: the long route-fuzzing run. The case count comes from the first argument
 * or `FUZZ_RUNS` (default 100 000), the seed from `FUZZ_SEED`. It keeps going after a violation,
 * lists every one, and exits 1 if there was any.
 */
import { formatReport, runFuzz } from '../reference/server/fuzz/fuzz-runner.ts'

const runs = Number(process.argv[2] ?? process.env.FUZZ_RUNS ?? 100_000)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('Usage: npm run fuzz -- [cases]   (or FUZZ_RUNS=cases, FUZZ_SEED=seed)\n')
  process.exit(64)
}
const report = await runFuzz({ runs, collect: true, ...(seed === undefined ? {} : { seed }) })
process.stdout.write(`${formatReport(report)}\n`)
for (const violation of report.violations) process.stdout.write(`  - ${violation}\n`)
process.exit(
  report.violations.length === 0 && report.healthyAfter && report.secretsInLogs === 0 ? 0 : 1,
)
