/** @module API key rows. Every read is scoped by organization except the credential lookup. */
import { sql, type Kysely } from 'kysely'
import { prepared } from '../prepared.ts'
import type { ApiKeyRow, Database, Organization, PrincipalUser } from '../schema.ts'

/** What authentication needs in one round trip: the key, its user and its organization. */
export interface ApiKeyCredential {
  key: Pick<ApiKeyRow, 'id' | 'key_hash' | 'scopes' | 'expires_at' | 'revoked_at'>
  user: PrincipalUser
  organization: Organization
}

export interface ApiKeyRepository {
  /** Looks a key up by its public prefix, joined with its user and organization. */
  findCredentialByPrefix(prefix: string): Promise<ApiKeyCredential | undefined>
  create(row: ApiKeyRow): Promise<ApiKeyRow>
  findById(organizationId: string, id: string): Promise<ApiKeyRow | undefined>
  list(
    organizationId: string,
    page: { offset: number; limit: number },
  ): Promise<{ rows: ApiKeyRow[]; total: number }>
  revoke(organizationId: string, id: string, at: string): Promise<boolean>
  deleteByUserAndName(userId: string, name: string): Promise<void>
}

export const createApiKeyRepository = (db: Kysely<Database>): ApiKeyRepository => {
  // The hot path (every authenticated request, and the list) runs compile-once queries.
  const credentialByPrefix = prepared(db, ['string'], (prefix) =>
    db
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .innerJoin('organizations as o', 'o.id', 'k.organization_id')
      .select([
        'k.id as k_id',
        'k.key_hash as k_key_hash',
        'k.scopes as k_scopes',
        'k.expires_at as k_expires_at',
        'k.revoked_at as k_revoked_at',
        'u.id as u_id',
        'u.organization_id as u_organization_id',
        'u.email as u_email',
        'u.name as u_name',
        'u.role as u_role',
        'o.id as o_id',
        'o.name as o_name',
        'o.slug as o_slug',
        'o.status as o_status',
        'o.created_at as o_created_at',
      ])
      .where('k.prefix', '=', prefix)
      // A deactivated or deleted user's keys stop working at once (they answer like unknown keys).
      // A literal, not a parameter: `prepared` only swaps the sentinel parameters.
      .where('u.status', '=', sql.lit('active'))
      .where('u.deleted_at', 'is', null),
  )
  const byId = prepared(db, ['string', 'string'], (organizationId, id) =>
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id),
  )
  const page = prepared(db, ['string', 'number', 'number'], (organizationId, limit, offset) =>
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .offset(offset),
  )
  const count = prepared(db, ['string'], (organizationId) =>
    db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('organization_id', '=', organizationId),
  )

  return {
    async findCredentialByPrefix(prefix) {
      const [row] = await credentialByPrefix(prefix)
      if (row === undefined) return undefined
      return {
        key: {
          id: row.k_id,
          key_hash: row.k_key_hash,
          scopes: row.k_scopes,
          expires_at: row.k_expires_at,
          revoked_at: row.k_revoked_at,
        },
        user: {
          id: row.u_id,
          organization_id: row.u_organization_id,
          email: row.u_email,
          name: row.u_name,
          role: row.u_role,
        },
        organization: {
          id: row.o_id,
          name: row.o_name,
          slug: row.o_slug,
          status: row.o_status,
          created_at: row.o_created_at,
        },
      }
    },
    async create(row) {
      await db.insertInto('api_keys').values(row).execute()
      return row
    },
    findById: async (organizationId, id) => (await byId(organizationId, id))[0],
    async list(organizationId, { offset, limit }) {
      const [rows, counted] = await Promise.all([
        page(organizationId, limit, offset),
        count(organizationId),
      ])
      return { rows, total: Number(counted[0]?.total ?? 0) }
    },
    async revoke(organizationId, id, at) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
    async deleteByUserAndName(userId, name) {
      await db
        .deleteFrom('api_keys')
        .where('user_id', '=', userId)
        .where('name', '=', name)
        .execute()
    },
  }
}
