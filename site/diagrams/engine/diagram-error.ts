/**
 * @module Typed build errors for diagrams, each naming the `.mmd` file and the line.
 */

/** One problem with one diagram source. */
export interface DiagramProblem {
  /** Path of the `.mmd` file, relative to the project root. */
  file: string
  /** 1-based line, or null when Mermaid gave none. */
  line: number | null
  message: string
  ruleId: 'invalid-diagram' | 'missing-accessibility' | 'orphan-diagram'
}

/** Formats a problem as `file:line: message`, the shape editors and CI logs link. */
export function formatProblem(problem: DiagramProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`
  return `${where}: ${problem.message} [${problem.ruleId}]`
}

/** Thrown when one or more diagrams cannot be used; the message lists every problem. */
export class DiagramBuildError extends Error {
  override name = 'DiagramBuildError'
  readonly problems: readonly DiagramProblem[]

  constructor(problems: readonly DiagramProblem[]) {
    const noun = problems.length === 1 ? 'diagram problem' : 'diagram problems'
    super(`${problems.length} ${noun}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`)
    this.problems = problems
  }
}
