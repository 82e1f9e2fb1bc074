/** @module Supplier rows and supplier credentials. */
import type { Insertable } from 'kysely'
import type { SupplierKeysTable, SupplierRow, SuppliersTable, SupplyChainDb } from './schema.ts'

export const createSupplierRepository = (db: SupplyChainDb) => ({
  async create(row: Insertable<SuppliersTable>, key: Insertable<SupplierKeysTable>) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('suppliers').values(row).execute()
      await trx.insertInto('supplier_keys').values(key).execute()
    })
  },
  addKey: async (key: Insertable<SupplierKeysTable>) => {
    await db.insertInto('supplier_keys').values(key).execute()
  },
  find: (organizationId: string, id: string): Promise<SupplierRow | undefined> =>
    db
      .selectFrom('suppliers')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst(),
  findUnscoped: (id: string): Promise<SupplierRow | undefined> =>
    db.selectFrom('suppliers').selectAll().where('id', '=', id).executeTakeFirst(),
  async list(organizationId: string, page: { offset: number; limit: number }) {
    const base = db.selectFrom('suppliers').where('organization_id', '=', organizationId)
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(count.total) }
  },
  /** The credential lookup: key, supplier and organization in one query. */
  findCredentialByPrefix: (prefix: string) =>
    db
      .selectFrom('supplier_keys as k')
      .innerJoin('suppliers as s', 's.id', 'k.supplier_id')
      .innerJoin('organizations as o', 'o.id', 'k.organization_id')
      .select([
        'k.id as key_id',
        'k.key_hash',
        'k.expires_at',
        'k.revoked_at',
        's.id as supplier_id',
        's.name as supplier_name',
        's.email as supplier_email',
        'o.id as organization_id',
        'o.name as organization_name',
        'o.slug as organization_slug',
        'o.status as organization_status',
        'o.created_at as organization_created_at',
      ])
      .where('k.prefix', '=', prefix)
      .executeTakeFirst(),
})

export type SupplierRepository = ReturnType<typeof createSupplierRepository>
