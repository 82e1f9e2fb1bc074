/** @module Migrations, in order. Add a file per change; never edit a shipped one. */
import type { Migration, MigrationProvider } from 'kysely'
import { initial } from './0001-initial.ts'
import { jobs } from './0002-jobs.ts'
import { auth } from './0003-auth.ts'
import { supplyChain } from './0005-supply-chain.ts'
import { reportsTelemetry } from './0006-reports-telemetry.ts'

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-jobs': jobs,
  '0003-auth': auth,
  '0005-supply-chain': supplyChain,
  '0006-reports-telemetry': reportsTelemetry,
}

/** Supplies migrations from code rather than a folder scan, so start-up does no directory I/O. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
