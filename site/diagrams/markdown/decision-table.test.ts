import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiagramLibrary } from '../engine/diagram-library.ts'
import type { DiagramModel } from '../engine/diagram-model.ts'
import { decisionRows } from './decision-table.ts'

const root = resolve(import.meta.dirname, '../../..')

/**
 * Seed 000's hand-written "Authentication decision points" table, verbatim. The seed names each
 * next step in a few words; `STEP_NAMES` says which diagram node each of those words means.
 */
const SEED_AUTH_TABLE = [
  ['access_token present?', 'Check expiry', 'Redirect to login'],
  ['Token expired?', 'Try refresh token', 'Check scope'],
  ['refresh_token present?', 'Call /oauth/token', 'Redirect to login'],
  ['Refresh succeeded?', 'Store new token pair', 'Redirect to login'],
  ['Scope sufficient?', 'Forward request', 'Return 403'],
] as const

const STEP_NAMES: Record<string, string> = {
  'Check expiry': 'Token expired?',
  'Redirect to login': 'Redirect to login / Request new token',
  'Try refresh token': 'refresh_token present?',
  'Check scope': 'Scope sufficient?',
  'Call /oauth/token': 'POST /oauth/token grant_type=refresh_token',
  'Store new token pair': 'Store new token pair',
  'Forward request': 'Forward request to API',
  'Return 403': 'Return 403 INSUFFICIENT_SCOPE',
}

describe('decisionRows', () => {
  let model: DiagramModel

  beforeAll(async () => {
    const library = await buildDiagramLibrary({
      diagramsDir: resolve(import.meta.dirname, '../__fixtures__/library'),
      root,
      cacheDir: resolve(root, '.cache/diagrams-fixtures'),
    })
    model = library.diagrams.get('seed/auth-token-flow')!.model
  })

  it("reproduces seed 000's authentication decision table from the parsed diagram", () => {
    const rows = decisionRows(model)
    const generated = rows.map((row) => [
      row.decision,
      row.outcomes.find((o) => o.label === 'Yes')?.next,
      row.outcomes.find((o) => o.label === 'No')?.next,
    ])
    const expected = SEED_AUTH_TABLE.map(([decision, yes, no]) => [
      decision,
      STEP_NAMES[yes],
      STEP_NAMES[no],
    ])
    // Rows follow the diagram's source order, the seed's its own; the seed stops before the HTTP
    // status decision.
    const byDecision = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]))
    expect(generated.slice(0, -1).sort(byDecision)).toEqual(expected.sort(byDecision))
    expect(rows.at(-1)).toEqual({
      decision: 'HTTP status?',
      outcomes: [
        { label: '2xx', next: 'Return response to caller' },
        { label: '4xx', next: 'Raise client error exception' },
        { label: '5xx', next: 'Enter retry loop (see Error Retry flow)' },
      ],
    })
  })

  it('has no rows for diagrams without decisions', () => {
    expect(decisionRows({ kind: 'state', states: [], transitions: [] })).toEqual([])
    expect(
      decisionRows({
        kind: 'flowchart',
        nodes: [{ id: 'A', text: 'A', shape: 'square' }],
        edges: [],
      }),
    ).toEqual([])
  })
})
