/** @module Table types for Kysely. Timestamps are ISO-8601 UTC strings, portable across dialects. */
import type { ColumnType, Insertable, Selectable } from 'kysely'

export type OrganizationStatus = 'active' | 'suspended'
export type UserRole = 'admin' | 'member' | 'viewer'
export type UserStatus = 'pending_invite' | 'active' | 'inactive'

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
  /** scrypt hash; empty until an invited user sets a password. */
  password_hash: string
  created_at: string
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>
  /** Base32 TOTP secret; enrolment is complete once `mfa_enabled_at` is set. */
  mfa_secret: ColumnType<string | null, string | null | undefined, string | null>
  mfa_enabled_at: ColumnType<string | null, string | null | undefined, string | null>
  /** Soft delete (seed 004): the row is kept for the retention period, then purged. */
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>
  updated_at: ColumnType<string | null, string | null | undefined, string | null>
}

/** The states of diagrams/architecture/token-lifecycle.mmd. */
export type TokenLifecycleState = 'Issued' | 'Active' | 'Expired' | 'Revoked' | 'Invalid'

/** One login: every access and refresh token issued from it, through all its refreshes. */
export interface TokenFamiliesTable {
  id: string
  user_id: string
  organization_id: string
  /** Space-separated scopes granted at login; a refresh may not widen them. */
  scope: string
  lifecycle: TokenLifecycleState
  /** When the family's newest access token expires. */
  access_expires_at: string
  created_at: string
  revoked_at: string | null
  revoked_reason: string | null
}

/** Opaque refresh tokens, stored only as SHA-256 hashes; each is usable once. */
export interface RefreshTokensTable {
  id: string
  family_id: string
  token_hash: string
  created_at: string
  expires_at: string
  used_at: string | null
}

export interface InvitationsTable {
  id: string
  user_id: string
  token_hash: string
  created_at: string
  expires_at: string
  accepted_at: string | null
  /** Set when a resend replaces this invitation. */
  superseded_at: string | null
}

/** Every message sent, keyed by the job that sent it (so a retried job never sends twice). */
export interface MailLogTable {
  id: string
  to: string
  subject: string
  text: string
  /** JSON array of URLs. */
  links: string
  sent_at: string
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

export type JobState = 'pending' | 'running' | 'done' | 'failed'

/** One durable background job (see `jobs/index.ts`). */
export interface JobsTable {
  id: string
  type: string
  /** JSON. */
  payload: string
  /** Idempotency key: unique; handed to the handler so its effects happen once. */
  key: string
  state: JobState
  attempts: number
  max_attempts: number
  /** Not before this time (ISO); moved forward by the retry backoff. */
  run_at: string
  locked_by: string | null
  /** The worker's lease: after this, another worker may claim the job again. */
  locked_until: string | null
  last_error: string | null
  created_at: string
  updated_at: string
  completed_at: string | null
}

/** Effects a job has already performed, keyed `<job key>:<effect name>`, with their result. */
export interface JobEffectsTable {
  key: string
  /** JSON. */
  result: string
  created_at: string
}

export interface Database {
  jobs: JobsTable
  job_effects: JobEffectsTable
  organizations: OrganizationsTable
  users: UsersTable
  api_keys: ApiKeysTable
  idempotency_keys: IdempotencyKeysTable
  token_families: TokenFamiliesTable
  refresh_tokens: RefreshTokensTable
  invitations: InvitationsTable
  mail_log: MailLogTable
}

export type Organization = Selectable<OrganizationsTable>
export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
/** The user fields a request carries around; never the password hash. */
export type PrincipalUser = Pick<User, 'id' | 'organization_id' | 'email' | 'name' | 'role'>
export type ApiKeyRow = Selectable<ApiKeysTable>
export type NewApiKey = Insertable<ApiKeysTable>
export type IdempotencyRecord = Selectable<IdempotencyKeysTable>
export type JobRow = Selectable<JobsTable>
export type TokenFamily = Selectable<TokenFamiliesTable>
export type RefreshTokenRow = Selectable<RefreshTokensTable>
export type InvitationRow = Selectable<InvitationsTable>
export type MailLogRow = Selectable<MailLogTable>
