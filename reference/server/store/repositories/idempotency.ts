/** @module Idempotency records: one row per (organization, Idempotency-Key) until it expires. */
import type { Kysely } from 'kysely'
import { isDatabaseError } from '../../errors/database-error.ts'
import type { Database, IdempotencyRecord } from '../schema.ts'

export interface IdempotencyRepository {
  /**
   * Claims a key by inserting an `in_progress` row. Returns `undefined` when the claim succeeded,
   * or the existing record when the key is already taken. The primary key makes the claim atomic.
   */
  claim(record: IdempotencyRecord): Promise<IdempotencyRecord | undefined>
  complete(organizationId: string, key: string, status: number, body: string): Promise<void>
  release(organizationId: string, key: string): Promise<void>
  purgeExpired(now: string): Promise<void>
}

export const createIdempotencyRepository = (db: Kysely<Database>): IdempotencyRepository => ({
  async claim(record) {
    try {
      await db.insertInto('idempotency_keys').values(record).execute()
      return undefined
    } catch (error) {
      if (!isDatabaseError(error) || error.failure !== 'unique_violation') throw error
      return db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('organization_id', '=', record.organization_id)
        .where('idempotency_key', '=', record.idempotency_key)
        .executeTakeFirstOrThrow()
    }
  },
  async complete(organizationId, key, status, body) {
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'completed', status_code: status, response_body: body })
      .where('organization_id', '=', organizationId)
      .where('idempotency_key', '=', key)
      .execute()
  },
  async release(organizationId, key) {
    await db
      .deleteFrom('idempotency_keys')
      .where('organization_id', '=', organizationId)
      .where('idempotency_key', '=', key)
      .execute()
  },
  async purgeExpired(now) {
    await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).execute()
  },
})
