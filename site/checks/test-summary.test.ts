import { describe, expect, it } from 'vitest'
import {
  formatFigures,
  formatTotals,
  isFiguresFile,
  sumTestReports,
  type FigureName,
} from './test-summary.ts'

const vitest = (passed: number, failed: number, pending = 0, todo = 0) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: pending,
  numTodoTests: todo,
  testResults: [],
})

describe('test summary', () => {
  it('sums the vitest reports and leaves figures files out', () => {
    const totals = sumTestReports([vitest(10, 1, 2), vitest(5, 0, 0, 1), { cases: 10_000 }])
    expect(totals).toEqual({ passed: 15, failed: 1, skipped: 3, runs: 2 })
    expect(formatTotals(totals)).toBe('tests: 15 passed, 1 failed, 3 skipped')
  })

  it('tells figures files from vitest reports by name', () => {
    expect(
      ['fuzz.json', 'crash.json', 'links.json', 'ws-fuzz.json', 'secrets-in-logs.json'].map(
        isFiguresFile,
      ),
    ).toEqual([true, true, true, true, true])
    expect(['unit.json', 'e2e.json', 'unit-scaleout.json'].map(isFiguresFile)).toEqual([
      false,
      false,
      false,
    ])
  })

  it('prints one line per figure, summing the fuzz runs of both backends', () => {
    const files: Partial<Record<FigureName, unknown>> = {
      fuzz: { cases: 10_000, serverErrors: 0 },
      'fuzz-postgres': { cases: 1000, serverErrors: 1 },
      'ws-fuzz': { frames: 5321, cases: 2000 },
      crash: { scenarios: 5, jobsLost: 0, duplicated: 0 },
      isolation: { attempts: 812, leaks: 0 },
      axe: { pages: 64, violations: 0 },
      links: { checked: 4210, broken: 0 },
      'secrets-in-logs': { secrets: 3120, lines: 181_402, leaks: 0 },
    }
    expect(formatFigures((name) => files[name])).toEqual([
      'figures:',
      '  fuzz cases run:        11,000 (SQLite 10,000, PostgreSQL 1,000)',
      '  5xx:                   1 (not injected)',
      '  WebSocket fuzz frames: 5,321',
      '  jobs lost:             0 (5 kill -9 scenarios)',
      '  jobs duplicated:       0',
      '  cross-tenant leaks:    0 (812 attempts)',
      '  axe violations:        0 serious/critical (64 pages, light and dark)',
      '  broken links:          0 (4,210 checked)',
      '  secrets in logs:       0 (3,120 secrets, 181,402 log lines)',
    ])
  })

  it('prints `not run` for a figure whose file is missing or unreadable', () => {
    const files: Partial<Record<FigureName, unknown>> = {
      crash: { scenarios: 'five' },
      links: { checked: 10, broken: 2 },
    }
    const lines = formatFigures((name) => files[name])
    expect(lines).toHaveLength(10)
    expect(lines.filter((line) => line.endsWith('not run')).map((l) => l.trim())).toEqual([
      'fuzz cases run:        not run',
      '5xx:                   not run',
      'WebSocket fuzz frames: not run',
      'jobs lost:             not run',
      'jobs duplicated:       not run',
      'cross-tenant leaks:    not run',
      'axe violations:        not run',
      'secrets in logs:       not run',
    ])
    expect(lines.at(-2)).toBe('  broken links:          2 (10 checked)')
    expect(lines.at(-1)).toBe('  secrets in logs:       not run')
  })
})
