/**
 * @module A migrated, empty SQLite database, kept as a template for new data directories.
 *
 * Migrating a new database is the largest part of a first start (Kysely builds and runs every
 * DDL statement of every migration). The first migration of a new database therefore also leaves
 * a copy of the empty schema in the template directory (`.cache/server/schema/` under
 * `npm run reference`), and the next new database starts as a copy of it. The template is named
 * after a digest of the migrations' names and code, so any change to them makes a new one; a
 * database that was copied still goes through the migrator's check, which applies anything the
 * template lacks. Only a database this process created is ever copied: never one holding data.
 */
import { createHash, randomUUID } from 'node:crypto'
import { constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { sql, type Kysely, type Migration } from 'kysely'

/** A digest of the migrations (names and code), so a template matches exactly one set of them. */
export const schemaFingerprint = (migrations: Record<string, Migration>): string => {
  const digest = createHash('sha256')
  // Code-unit order, not `localeCompare`: that loads ICU's collator, about 15 ms of start-up.
  for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  ))
    digest.update(`${name}\n${String(migration.up)}\n`)
  return digest.digest('hex').slice(0, 16)
}

export const templateFile = (dir: string, fingerprint: string): string =>
  path.join(dir, `schema-${fingerprint}.sqlite`)

/**
 * Copies the template to `databasePath` when the database does not exist yet and a template for
 * these migrations does. Returns whether it did.
 */
export const copySchemaTemplate = (
  databasePath: string,
  dir: string,
  fingerprint: string,
): boolean => {
  const template = templateFile(dir, fingerprint)
  if (existsSync(databasePath) || !existsSync(template)) return false
  try {
    copyFileSync(template, databasePath, constants.COPYFILE_EXCL)
    return true
  } catch {
    return false // raced with another copy, or the template went away: migrate as usual
  }
}

/**
 * Saves the (just migrated, still empty) database as the template: `VACUUM INTO` a private file,
 * then an atomic rename, so concurrent start-ups never see half a template. Best effort: a
 * failure only means the next first start migrates again.
 */
export const saveSchemaTemplate = async <DB>(
  db: Kysely<DB>,
  dir: string,
  fingerprint: string,
): Promise<void> => {
  const template = templateFile(dir, fingerprint)
  const partial = `${template}.${randomUUID()}.partial`
  try {
    mkdirSync(dir, { recursive: true })
    await sql`vacuum into ${partial}`.execute(db)
    renameSync(partial, template)
  } catch {
    rmSync(partial, { force: true })
  }
}
