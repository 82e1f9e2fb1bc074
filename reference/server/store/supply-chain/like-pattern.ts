/**
 * @module A portable, injection-safe "contains, ignoring case" filter.
 *
 * PostgreSQL has `ILIKE`; SQLite does not. `lower(column) LIKE lower(:pattern) ESCAPE '\'` means
 * the same on both. The user's text is always a bound parameter, never SQL, and its LIKE
 * wildcards (`%`, `_`) and the escape character itself are escaped, so they match literally.
 */
import { sql, type RawBuilder } from 'kysely'

/** Escapes `\`, `%` and `_` so that LIKE matches them literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * `lower(<column>) LIKE lower('%<text>%') ESCAPE '\'`, with `text` bound as a parameter.
 * @example db.selectFrom('products').where(containsIgnoringCase('name', 'o\'brien 50%'))
 */
export const containsIgnoringCase = (column: string, text: string): RawBuilder<boolean> =>
  sql<boolean>`lower(${sql.ref(column)}) like lower(${`%${escapeLike(text)}%`}) escape ${'\\'}`
