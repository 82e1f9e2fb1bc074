/**
 * @module Text containing U+0000 is refused before any query, the same way on both dialects:
 * PostgreSQL `text` cannot hold it at all, and SQLite's `LIKE` ends a pattern at it (so a name
 * filter of "\0" would match every row). 422 VALIDATION_ERROR, never a 500 or a wrong answer.
 */
import { ValidationError } from '../errors/validation-error.ts'

export const hasNul = (parameters: ReadonlyArray<unknown> | undefined): boolean =>
  parameters?.some((p) => typeof p === 'string' && p.includes('\u0000')) ?? false

export const nulRefused = (): ValidationError =>
  new ValidationError('Text may not contain the NUL character (U+0000)', {
    details: [{ field: 'text', message: 'contains U+0000' }],
  })
