/** @module Table types for Kysely. Timestamps are ISO-8601 UTC strings, portable across dialects. */
import type { Insertable, Selectable } from 'kysely'

export type OrganizationStatus = 'active' | 'suspended'
export type UserRole = 'admin' | 'member'

export interface OrganizationsTable {
  id: string
  name: string
  slug: string
  status: OrganizationStatus
  created_at: string
}

export interface UsersTable {
  id: string
  organization_id: string
  email: string
  name: string
  role: UserRole
  password_hash: string
  created_at: string
}

export interface ApiKeysTable {
  id: string
  organization_id: string
  user_id: string
  name: string
  /** The first 12 characters of the key (`brk_xxxxxxxx`): shown to users and used for lookup. */
  prefix: string
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  key_hash: string
  /** JSON array of scope strings. */
  scopes: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

export interface IdempotencyKeysTable {
  organization_id: string
  idempotency_key: string
  request_hash: string
  state: 'in_progress' | 'completed'
  status_code: number | null
  response_body: string | null
  created_at: string
  expires_at: string
}

export interface Database {
  organizations: OrganizationsTable
  users: UsersTable
  api_keys: ApiKeysTable
  idempotency_keys: IdempotencyKeysTable
}

export type Organization = Selectable<OrganizationsTable>
export type User = Selectable<UsersTable>
/** The user fields a request carries around; never the password hash. */
export type PrincipalUser = Pick<User, 'id' | 'organization_id' | 'email' | 'name' | 'role'>
export type ApiKeyRow = Selectable<ApiKeysTable>
export type NewApiKey = Insertable<ApiKeysTable>
export type IdempotencyRecord = Selectable<IdempotencyKeysTable>
