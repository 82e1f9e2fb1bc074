/**
 * @module Users and onboarding (seed 000's onboarding flowchart, seed 001's user-creation data
 * flow): create with an invitation job in the same transaction, resend, accept, deactivate,
 * soft delete. The invitation email is sent by the Background Worker (`jobs/`).
 * @see https://docs.blueround.com/users/onboarding/
 */
import type { AppConfig } from '../config/index.ts'
import { BusinessRuleError } from '../errors/business-rule-error.ts'
import { DuplicateResourceError } from '../errors/duplicate-resource-error.ts'
import { NotFoundError } from '../errors/not-found-error.ts'
import type { JobQueue } from '../jobs/index.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { crashPoint } from '../lib/crash-point.ts'
import { flowStepIn } from '../observability/flow.ts'
import type { Store, User, UserRole, UserStatus } from '../store/index.ts'
import { createInvitationService } from './invitations.ts'
import type { Mailer } from './mailer.ts'
import type { PermissionService } from './permissions.ts'
import type { Principal } from './principal.ts'
import type { TokenService } from './tokens.ts'

const ONBOARDING = 'users/onboarding'
const CREATION = 'users/user-creation'

/** The public shape of a user (never the password hash or MFA secret). */
export interface UserView {
  id: string
  email: string
  name: string
  role: UserRole
  status: UserStatus
  createdAt: string
}

export const toUserView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  status: user.status,
  createdAt: user.created_at,
})

export interface UserServiceDeps {
  store: Store
  clock: Clock
  config: AppConfig
  jobs: JobQueue
  mailer: Mailer
  tokens: TokenService
  permissions: PermissionService
}

export const createUserService = (deps: UserServiceDeps) => {
  const { store, clock, config, jobs, tokens, permissions } = deps
  const db = store.db
  const nowIso = () => new Date(clock.now()).toISOString()
  const invitations = createInvitationService(deps)

  const findInOrg = async (organizationId: string, id: string): Promise<User> => {
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where('organization_id', '=', organizationId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (user === undefined) throw new NotFoundError('User not found')
    return user
  }

  /** Purges a soft-deleted user once the retention period has passed. */
  jobs.registerJobHandler<{ userId: string }>(PURGE_USER_JOB, async ({ payload }) => {
    await db
      .deleteFrom('users')
      .where('id', '=', payload.userId)
      .where('deleted_at', 'is not', null)
      .execute()
  })

  return {
    invitationToken: invitations.token,

    async create(caller: Principal, input: { email: string; name: string; role: UserRole }) {
      const email = input.email.trim().toLowerCase()
      flowStepIn(CREATION, {}, 'request', 'gateway', 'validate', 'duplicate')
      const result = await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirst()
        if (existing !== undefined) return undefined
        const user = await trx
          .insertInto('users')
          .values({
            id: newId('usr'),
            organization_id: caller.organizationId,
            email,
            name: input.name,
            role: input.role,
            password_hash: '',
            status: 'pending_invite',
            created_at: nowIso(),
            updated_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        const invitation = await invitations.invite(trx, user)
        return { user, invitation }
      })
      if (result === undefined) {
        flowStepIn(CREATION, {}, 'conflict')
        flowStepIn(ONBOARDING, {}, 'adminCreates', 'emailRegistered', 'duplicate')
        throw new DuplicateResourceError(`A user with email ${email} already exists`, {
          details: [{ field: 'email', message: 'is already registered' }],
        })
      }
      crashPoint('onboarding:after-user-insert') // crash tests only (lib/crash-point.ts)
      flowStepIn(CREATION, {}, 'writeUser', 'enqueueJob', 'created')
      flowStepIn(
        ONBOARDING,
        { run: result.invitation.id },
        'adminCreates',
        'emailRegistered',
        'createUser',
        'enqueue',
      )
      jobs.poke()
      return toUserView(result.user)
    },

    async get(caller: Principal, id: string) {
      return toUserView(await findInOrg(caller.organizationId, id))
    },

    async list(caller: Principal, page: number, pageSize: number) {
      // A listing tolerates replication lag: it reads from DATABASE_REPLICA_URL when set.
      const base = store.replica
        .selectFrom('users')
        .where('organization_id', '=', caller.organizationId)
        .where('deleted_at', 'is', null)
      const rows = await base
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .execute()
      const { total } = await base
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow()
      return { items: rows.map(toUserView), total: Number(total) }
    },

    /** Resends: a new link replaces the old one, which stops working at once. */
    async resendInvitation(caller: Principal, id: string) {
      const user = await findInOrg(caller.organizationId, id)
      if (user.status !== 'pending_invite')
        throw new BusinessRuleError('Only a user with a pending invitation can be re-invited', {
          details: [{ field: 'status', message: `is ${user.status}` }],
        })
      const invitation = await invitations.replace(user)
      return { user: toUserView(user), expiresAt: invitation.expires_at }
    },

    /** Sets the password and activates the user; 410 after 48 h, 400 for unknown or used. */
    async acceptInvitation(input: { token: string; password: string }) {
      const user = await invitations.accept(input)
      return toUserView(user)
    },

    /** Changes name, role or status. Inactive revokes every token at once. */
    async update(
      caller: Principal,
      id: string,
      input: {
        name?: string | undefined
        role?: UserRole | undefined
        status?: UserStatus | undefined
      },
    ) {
      const user = await findInOrg(caller.organizationId, id)
      if (input.status === 'pending_invite')
        throw new BusinessRuleError('status can only be set to active or inactive', {
          details: [{ field: 'status', message: 'must be active or inactive' }],
        })
      if (input.status === 'active' && user.status === 'pending_invite')
        throw new BusinessRuleError('A pending user becomes active by accepting the invitation', {
          details: [{ field: 'status', message: 'the invitation has not been accepted' }],
        })
      if (user.id === caller.user.id && (input.status === 'inactive' || input.role !== undefined))
        throw new BusinessRuleError('You cannot deactivate yourself or change your own role', {
          details: [{ field: input.role === undefined ? 'status' : 'role', message: 'is yours' }],
        })
      const updated = await db
        .updateTable('users')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.role === undefined ? {} : { role: input.role }),
          ...(input.status === undefined ? {} : { status: input.status }),
          updated_at: nowIso(),
        })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      if (input.role !== undefined && input.role !== user.role) {
        await permissions.invalidate(user.id)
        flowStepIn('auth/permission-flow', {}, 'Role changed')
      }
      if (input.status === 'inactive' && user.status !== 'inactive') {
        await permissions.invalidate(user.id)
        await tokens.revokeUserTokens(user.id, 'user_inactive')
      } else if (input.role === undefined || input.role === user.role) {
        // A name or status change: API key credentials cached with the old user are stale.
        await permissions.invalidate(user.id)
      }
      return toUserView(updated)
    },

    /** Soft delete (seed 004): hidden at once, tokens revoked, purged after the retention. */
    async remove(caller: Principal, id: string) {
      const user = await findInOrg(caller.organizationId, id)
      if (user.id === caller.user.id)
        throw new BusinessRuleError('You cannot delete yourself', {
          details: [{ field: 'id', message: 'is yours' }],
        })
      await db
        .updateTable('users')
        .set({ deleted_at: nowIso(), status: 'inactive', updated_at: nowIso() })
        .where('id', '=', user.id)
        .execute()
      await permissions.invalidate(user.id)
      await tokens.revokeUserTokens(user.id, 'user_deleted')
      await jobs.enqueue(db, {
        type: PURGE_USER_JOB,
        key: `purge:${user.id}`,
        payload: { userId: user.id },
        runAt: clock.now() + config.userRetentionDays * 24 * 60 * 60 * 1000,
      })
    },
  }
}

export const PURGE_USER_JOB = 'users.purge'

export type UserService = ReturnType<typeof createUserService>
