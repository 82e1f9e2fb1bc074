/**
 * @module Looking for one tenant in another's view: a snapshot of every row that belongs to or
 * names the tenant (to prove no cross-tenant request changed it), and a scan of text for the
 * tenant's ids and markers.
 */
import { sql } from 'kysely'
import type { Store } from '../store/index.ts'
import { allIds, type TenantData } from './tenant-fixtures.ts'

/** `table → sorted JSON rows` of every row that carries one of the tenant's ids. */
export const tenantRows = async (
  store: Store,
  tenant: TenantData,
): Promise<Map<string, string[]>> => {
  const needles = [tenant.organizationId, ...allIds(tenant)]
  const out = new Map<string, string[]>()
  for (const table of await store.db.introspection.getTables()) {
    const result = await sql
      .raw<Record<string, unknown>>(`SELECT * FROM "${table.name}"`)
      .execute(store.db)
    const rows = result.rows
      .map((row) => JSON.stringify(row))
      .filter((text) => needles.some((needle) => text.includes(needle)))
      .sort()
    if (rows.length > 0) out.set(table.name, rows)
  }
  return out
}

/** The tables whose rows of the tenant differ between two snapshots. */
export const changedTables = (before: Map<string, string[]>, after: Map<string, string[]>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter(
    (table) => JSON.stringify(before.get(table)) !== JSON.stringify(after.get(table)),
  )

/** The first of the tenant's ids or markers found in `text` (markers only when `idsAllowed`). */
export const leakIn = (text: string, tenant: TenantData, idsAllowed = false): string | undefined =>
  [...tenant.markers, ...(idsAllowed ? [] : allIds(tenant))].find((needle) => text.includes(needle))
