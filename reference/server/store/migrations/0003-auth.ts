/**
 * @module Migration 0003: user status, MFA and soft delete; OAuth token families, refresh tokens,
 * invitations and the mail log.
 */
import { sql, type Kysely, type Migration } from 'kysely'

export const auth: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .execute()
    await db.schema.alterTable('users').addColumn('mfa_secret', 'text').execute()
    await db.schema.alterTable('users').addColumn('mfa_enabled_at', 'text').execute()
    await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute()
    await db.schema.alterTable('users').addColumn('updated_at', 'text').execute()
    await sql`update users set updated_at = created_at`.execute(db)
    await db.schema
      .createTable('token_families')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      // The token-lifecycle state (Issued, Active, Expired, Revoked, Invalid) and when the
      // newest access token expires, so transitions are recorded as they are observed.
      .addColumn('lifecycle', 'text', (c) => c.notNull())
      .addColumn('access_expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .execute()
    await db.schema
      .createIndex('token_families_user_idx')
      .on('token_families')
      .column('user_id')
      .execute()
    await db.schema
      .createTable('refresh_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) =>
        c.notNull().references('token_families.id').onDelete('cascade'),
      )
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute()
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text')
      .addColumn('superseded_at', 'text')
      .execute()
    await db.schema
      .createTable('mail_log')
      // The job's idempotency key: one message per job, however often the job runs.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('to', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('links', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['mail_log', 'invitations', 'refresh_tokens', 'token_families'])
      await db.schema.dropTable(table).execute()
  },
}
