/**
 * @module The closing lines of `npm test` (printed by scripts/test-summary.ts): the test totals of
 * every vitest run, then one line per reliability figure (secrets in logs among them), each read from the JSON file its suite
 * writes into `.cache/test-results/`. A suite that did not run leaves no file: its figure reads
 * `not run`. The suites themselves fail on violations; these lines only report.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** Where every suite writes its report, from the repository root; `npm test` empties it first. */
export const RESULTS_DIR = '.cache/test-results'
const ROOT = path.resolve(import.meta.dirname, '../..')

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
})

export interface Totals {
  passed: number
  failed: number
  skipped: number
}

/** Sums the vitest JSON reports among `reports`; anything else (a figures file) is left out. */
export const sumTestReports = (reports: unknown[]): Totals & { runs: number } => {
  const totals = { passed: 0, failed: 0, skipped: 0, runs: 0 }
  for (const raw of reports) {
    const report = VitestReport.safeParse(raw)
    if (!report.success) continue
    totals.runs += 1
    totals.passed += report.data.numPassedTests
    totals.failed += report.data.numFailedTests
    totals.skipped += report.data.numPendingTests + report.data.numTodoTests
  }
  return totals
}

export const formatTotals = ({ passed, failed, skipped }: Totals): string =>
  `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`

/** The files the figures come from, and what each holds. */
const Fuzz = z.object({ cases: z.number(), serverErrors: z.number() })
const FIGURE_FILES = {
  /** Route fuzzer, embedded backend (reference/server/fuzz/routes.fuzz.test.ts). */
  fuzz: Fuzz,
  /** The same fuzzer in the scale-out run, on PostgreSQL. */
  'fuzz-postgres': Fuzz,
  /** WebSocket frame fuzzer (reference/server/fuzz/). */
  'ws-fuzz': z.object({ frames: z.number() }),
  /** Crash durability (reference/server/crash/crash-durability.test.ts). */
  crash: z.object({ scenarios: z.number(), jobsLost: z.number(), duplicated: z.number() }),
  /** Tenant isolation (reference/server/isolation/). */
  isolation: z.object({ attempts: z.number(), leaks: z.number() }),
  /** axe-core on every built page (site/e2e/accessibility.e2e.ts). */
  axe: z.object({ pages: z.number(), violations: z.number() }),
  /** linkinator over dist/ (scripts/check-links.ts). */
  links: z.object({ checked: z.number(), broken: z.number() }),
  /** Every secret the suites used, in every log line they captured (check-secrets-in-logs.ts). */
  'secrets-in-logs': z.object({ secrets: z.number(), lines: z.number(), leaks: z.number() }),
} as const

export type FigureName = keyof typeof FIGURE_FILES
export type Figures<N extends FigureName = FigureName> = z.infer<(typeof FIGURE_FILES)[N]>

/** The file a suite writes its figures to, e.g. `.cache/test-results/crash.json`. */
export const figuresFile = (name: FigureName): string => `${RESULTS_DIR}/${name}.json`

/** Writes a suite's figures for the summary; called by the suite itself, pass or fail. */
export const writeFigures = <N extends FigureName>(name: N, figures: Figures<N>): void => {
  mkdirSync(path.join(ROOT, RESULTS_DIR), { recursive: true })
  writeFileSync(path.join(ROOT, figuresFile(name)), `${JSON.stringify(figures)}\n`)
}

/** Whether a file in the results folder is a figures file (not a vitest report). */
export const isFiguresFile = (file: string): boolean =>
  Object.keys(FIGURE_FILES).some((name) => file === `${name}.json`)

/**
 * Reads one figures file through `read` (its parsed JSON, or `undefined` when it is missing).
 * A file of the wrong shape counts as not run, and says so.
 */
const figures = <N extends FigureName>(
  read: (name: FigureName) => unknown,
  name: N,
): Figures<N> | undefined => {
  const raw = read(name)
  if (raw === undefined) return undefined
  const parsed = FIGURE_FILES[name].safeParse(raw)
  return parsed.success ? (parsed.data as Figures<N>) : undefined
}

const NOT_RUN = 'not run'
const count = (n: number) => n.toLocaleString('en-US')

/** The figures block: a heading and one line per figure, labels aligned. */
export const formatFigures = (read: (name: FigureName) => unknown): string[] => {
  const fuzz = figures(read, 'fuzz')
  const fuzzPostgres = figures(read, 'fuzz-postgres')
  const fuzzRuns = [
    ...(fuzz === undefined ? [] : [{ backend: 'SQLite', ...fuzz }]),
    ...(fuzzPostgres === undefined ? [] : [{ backend: 'PostgreSQL', ...fuzzPostgres }]),
  ]
  const cases = fuzzRuns.reduce((sum, run) => sum + run.cases, 0)
  const serverErrors = fuzzRuns.reduce((sum, run) => sum + run.serverErrors, 0)
  const perBackend = fuzzRuns.map((run) => `${run.backend} ${count(run.cases)}`).join(', ')
  const ws = figures(read, 'ws-fuzz')
  const crash = figures(read, 'crash')
  const isolation = figures(read, 'isolation')
  const axe = figures(read, 'axe')
  const links = figures(read, 'links')
  const secrets = figures(read, 'secrets-in-logs')

  const rows: Array<[string, string]> = [
    ['fuzz cases run', fuzzRuns.length === 0 ? NOT_RUN : `${count(cases)} (${perBackend})`],
    ['5xx', fuzzRuns.length === 0 ? NOT_RUN : `${serverErrors} (not injected)`],
    ['WebSocket fuzz frames', ws === undefined ? NOT_RUN : count(ws.frames)],
    [
      'jobs lost',
      crash === undefined ? NOT_RUN : `${crash.jobsLost} (${crash.scenarios} kill -9 scenarios)`,
    ],
    ['jobs duplicated', crash === undefined ? NOT_RUN : `${crash.duplicated}`],
    [
      'cross-tenant leaks',
      isolation === undefined
        ? NOT_RUN
        : `${isolation.leaks} (${count(isolation.attempts)} attempts)`,
    ],
    [
      'axe violations',
      axe === undefined
        ? NOT_RUN
        : `${axe.violations} serious/critical (${axe.pages} pages, light and dark)`,
    ],
    [
      'broken links',
      links === undefined ? NOT_RUN : `${links.broken} (${count(links.checked)} checked)`,
    ],
    [
      'secrets in logs',
      secrets === undefined
        ? NOT_RUN
        : `${secrets.leaks} (${count(secrets.secrets)} secrets, ${count(secrets.lines)} log lines)`,
    ],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return ['figures:', ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 2)}${value}`)]
}
