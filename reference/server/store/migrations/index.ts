/** @module Migrations, in order. Add a file per change; never edit a shipped one. */
import type { Migration, MigrationProvider } from 'kysely'
import { initial } from './0001-initial.ts'

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
}

/** Supplies migrations from code rather than a folder scan, so start-up does no directory I/O. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
