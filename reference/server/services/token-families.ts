/**
 * @module Token families: one sign-in and every pair refreshed from it. Revoking a family ends
 * its refresh token and its access tokens at once. Each family also records its state of
 * diagrams/architecture/token-lifecycle.mmd, and every transition is marked as it is observed.
 * @see https://docs.blueround.com/architecture/token-lifecycle/
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../lib/clock.ts'
import { flowStepIn } from '../observability/flow.ts'
import type { Database, TokenFamily, TokenLifecycleState } from '../store/schema.ts'

const LIFECYCLE = 'architecture/token-lifecycle'

export const createTokenFamilies = (db: Kysely<Database>, clock: Clock) => {
  const nowIso = () => new Date(clock.now()).toISOString()

  /** Moves a family's lifecycle state, marking the transition(s) for the state diagram. */
  const transition = async (family: TokenFamily, ...states: Array<TokenLifecycleState | '[*]'>) => {
    const last = states.findLast((s): s is TokenLifecycleState => s !== '[*]')
    if (last === undefined) return
    flowStepIn(LIFECYCLE, { run: family.id }, ...states)
    await db
      .updateTable('token_families')
      .set({ lifecycle: last })
      .where('id', '=', family.id)
      .execute()
    family.lifecycle = last
  }

  /** Expired is observed lazily: at a refresh, a revocation or when an expired token comes back. */
  const observeExpiry = async (family: TokenFamily) => {
    if (family.lifecycle === 'Active' && Date.parse(family.access_expires_at) <= clock.now())
      await transition(family, 'Expired')
  }

  const find = (id: string) =>
    db.selectFrom('token_families').selectAll().where('id', '=', id).executeTakeFirst()

  return {
    transition,
    observeExpiry,
    find,

    /** Inserts a new family in state Issued (`[*] → Issued`). */
    async create(family: Omit<TokenFamily, 'lifecycle' | 'revoked_at' | 'revoked_reason'>) {
      const row: TokenFamily = {
        ...family,
        lifecycle: 'Issued',
        revoked_at: null,
        revoked_reason: null,
      }
      await db.insertInto('token_families').values(row).execute()
      flowStepIn(LIFECYCLE, { run: row.id }, '[*]', 'Issued')
      return row
    },

    /** Revokes a family once; an Active or Expired one moves to Revoked. */
    async revoke(family: TokenFamily, reason: string) {
      if (family.revoked_at !== null) return
      await observeExpiry(family)
      await db
        .updateTable('token_families')
        .set({ revoked_at: nowIso(), revoked_reason: reason })
        .where('id', '=', family.id)
        .execute()
      family.revoked_at = nowIso()
      if (family.lifecycle === 'Active' || family.lifecycle === 'Expired')
        await transition(family, 'Revoked', '[*]')
    },

    /** Every unrevoked family of a user. */
    liveOfUser: (userId: string) =>
      db
        .selectFrom('token_families')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute(),

    /** The family with its user and organization, if unrevoked and the user is active. */
    async live(familyId: string) {
      const row = await db
        .selectFrom('token_families as f')
        .innerJoin('users as u', 'u.id', 'f.user_id')
        .innerJoin('organizations as o', 'o.id', 'f.organization_id')
        .select(['f.revoked_at', 'u.status', 'u.deleted_at'])
        .select(['u.id as u_id', 'u.organization_id', 'u.email', 'u.name', 'u.role'])
        .select(['o.id as o_id', 'o.name as o_name', 'o.slug', 'o.status as o_status'])
        .select('o.created_at')
        .where('f.id', '=', familyId)
        .executeTakeFirst()
      if (row === undefined || row.revoked_at !== null) return undefined
      if (row.status !== 'active' || row.deleted_at !== null) return undefined
      return row
    },

    /** Marks an access token's expiry, seen when it comes back after `exp`. */
    async noteExpired(familyId: string) {
      const family = await find(familyId)
      if (family !== undefined && family.revoked_at === null) await observeExpiry(family)
    },
  }
}

export type TokenFamilies = ReturnType<typeof createTokenFamilies>
