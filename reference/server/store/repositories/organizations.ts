/** @module Organization rows. */
import type { Kysely } from 'kysely'
import type { Database, Organization, OrganizationStatus } from '../schema.ts'

export interface OrganizationRepository {
  findById(id: string): Promise<Organization | undefined>
  findBySlug(slug: string): Promise<Organization | undefined>
  create(organization: Organization): Promise<Organization>
  setStatus(id: string, status: OrganizationStatus): Promise<void>
}

export const createOrganizationRepository = (db: Kysely<Database>): OrganizationRepository => ({
  findById: (id) =>
    db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst(),
  findBySlug: (slug) =>
    db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst(),
  async create(organization) {
    await db.insertInto('organizations').values(organization).execute()
    return organization
  },
  async setStatus(id, status) {
    await db.updateTable('organizations').set({ status }).where('id', '=', id).execute()
  },
})
