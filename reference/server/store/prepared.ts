/**
 * @module Compile-once queries for the hot path.
 *
 * Building and compiling a Kysely query costs tens of microseconds (the credential lookup's join
 * alone is about 50 µs), far more than SQLite takes to run it. `prepared` builds the query once
 * with sentinel parameters, remembers where each parameter landed in the compiled SQL, and then
 * only swaps parameter values. The SQL still comes from Kysely's dialect compiler, so it stays
 * portable to PostgreSQL.
 */
import type { CompiledQuery, Compilable, Kysely } from 'kysely'

type Param = string | number

/** Distinct values no caller will pass, one per parameter position and type. */
const sentinel = (kind: 'string' | 'number', index: number): Param =>
  kind === 'string' ? `\u0000blueround-param-${index}` : 2_000_000_000 + index

/**
 * @param kinds - the type of each parameter, in call order
 * @param build - builds the query from the parameters
 * @example
 * const byPrefix = prepared(db, ['string'], (prefix) =>
 *   db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix))
 * const rows = await byPrefix('brk_abcdefgh')
 */
export const prepared = <Row, const Kinds extends readonly ('string' | 'number')[]>(
  db: Kysely<never> | Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  kinds: Kinds,
  build: (
    ...params: { [K in keyof Kinds]: Kinds[K] extends 'string' ? string : number }
  ) => Compilable<Row>,
) => {
  let compiled: CompiledQuery<Row> | undefined
  let positions: number[] = []
  return async (
    ...params: { [K in keyof Kinds]: Kinds[K] extends 'string' ? string : number }
  ): Promise<Row[]> => {
    if (compiled === undefined) {
      const sentinels = kinds.map((kind, i) => sentinel(kind, i))
      compiled = build(...(sentinels as typeof params)).compile()
      positions = compiled.parameters.map((value) => {
        const at = sentinels.indexOf(value as Param)
        if (at === -1) throw new Error(`prepared: unexpected constant parameter ${String(value)}`)
        return at
      })
    }
    const values = positions.map((at) => params[at])
    const result = await db.executeQuery<Row>({ ...compiled, parameters: values })
    return result.rows
  }
}
