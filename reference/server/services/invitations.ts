/**
 * @module Invitations: the signup link (48 hours), the email job sent by the Background Worker,
 * resends that replace the link, and acceptance. Marks diagrams/users/onboarding.mmd (one run per
 * invitation) and the worker's part of diagrams/users/user-creation.mmd (one run per job).
 * @see https://docs.blueround.com/users/onboarding/
 */
import { createHmac } from 'node:crypto'
import type { AppConfig } from '../config/index.ts'
import { InvitationExpiredError } from '../errors/invitation-expired-error.ts'
import { MalformedRequestError } from '../errors/malformed-request-error.ts'
import type { Executor, JobQueue } from '../jobs/index.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { renderInvitation, sendOnce } from '../mailer/index.ts'
import { flowStepIn } from '../observability/flow.ts'
import type { InvitationRow, Store, User } from '../store/index.ts'
import { sha256 } from './api-keys.ts'
import type { Mailer } from './mailer.ts'
import { hashPassword } from './password.ts'

export const INVITATION_TTL_MS = 48 * 60 * 60 * 1000
export const SEND_INVITATION_JOB = 'users.send-invitation'
const ONBOARDING = 'users/onboarding'
const CREATION = 'users/user-creation'

/**
 * Invitations whose lapse has been marked for the onboarding diagram (per process): the lapse is
 * seen either when the user tries the old link or when an admin resends, and is marked once.
 */
const notedExpiries = new Set<string>()

export const createInvitationService = (deps: {
  store: Store
  clock: Clock
  config: AppConfig
  jobs: JobQueue
  mailer: Mailer
}) => {
  const { store, clock, config, jobs } = deps
  const db = store.db
  const nowIso = () => new Date(clock.now()).toISOString()

  /**
   * The signup token of an invitation: an HMAC of its id under the server secret. Only its hash
   * is stored, and the worker can recompute it on every retry without a secret in the job row.
   */
  const invitationToken = (invitationId: string) =>
    `inv_${createHmac('sha256', config.signingKey).update(`invitation:${invitationId}`).digest('base64url')}`

  const signupLink = (invitationId: string) =>
    `${config.signupUrl}?token=${invitationToken(invitationId)}`

  /** Inserts a fresh invitation and its email job, with the executor of the caller's transaction. */
  const invite = async (trx: Executor, user: User): Promise<InvitationRow> => {
    const id = newId('inv')
    const invitation: InvitationRow = {
      id,
      user_id: user.id,
      token_hash: sha256(invitationToken(id)),
      created_at: nowIso(),
      expires_at: new Date(clock.now() + INVITATION_TTL_MS).toISOString(),
      accepted_at: null,
      superseded_at: null,
    }
    await trx.insertInto('invitations').values(invitation).execute()
    await jobs.enqueue(trx, {
      type: SEND_INVITATION_JOB,
      key: `invitation:${id}`,
      payload: { invitationId: id, userId: user.id },
    })
    return invitation
  }

  /** The worker's handler: renders the invitation and sends it once per job. */
  jobs.registerJobHandler<{ invitationId: string; userId: string }>(
    SEND_INVITATION_JOB,
    async ({ payload, idempotencyKey }) => {
      const row = await db
        .selectFrom('invitations as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .innerJoin('organizations as o', 'o.id', 'u.organization_id')
        .select(['i.expires_at', 'i.superseded_at', 'u.email', 'u.name', 'o.name as org'])
        .where('i.id', '=', payload.invitationId)
        .executeTakeFirst()
      if (row === undefined || row.superseded_at !== null) return // replaced: nothing to send
      const message = renderInvitation({
        to: row.email,
        name: row.name,
        organization: row.org,
        link: signupLink(payload.invitationId),
        expiresAt: row.expires_at,
      })
      const { sent } = await sendOnce({ db, mailer: deps.mailer, clock }, idempotencyKey, message)
      // Marked once the send is recorded, so a failed attempt and its retry mark it once.
      if (!sent) return
      flowStepIn(CREATION, { run: idempotencyKey }, 'enqueueJob', 'render', 'send', 'recorded')
      flowStepIn(ONBOARDING, { run: payload.invitationId }, 'sendEmail')
    },
  )

  return {
    token: invitationToken,
    invite,

    /** Replaces the user's open invitation with a new one (a resend). */
    async replace(user: User): Promise<InvitationRow> {
      const previous = await db
        .selectFrom('invitations')
        .selectAll()
        .where('user_id', '=', user.id)
        .where('superseded_at', 'is', null)
        .where('accepted_at', 'is', null)
        .executeTakeFirst()
      const invitation = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('invitations')
          .set({ superseded_at: nowIso() })
          .where('user_id', '=', user.id)
          .where('superseded_at', 'is', null)
          .execute()
        return invite(trx, user)
      })
      if (previous !== undefined && Date.parse(previous.expires_at) <= clock.now()) {
        // The old link had lapsed: its run goes on through the resend.
        if (previous.accepted_at === null && !notedExpiries.has(previous.id))
          flowStepIn(ONBOARDING, { run: previous.id }, 'clicked', 'linkExpired')
        flowStepIn(ONBOARDING, { run: previous.id }, 'resend', 'enqueue')
      } else {
        flowStepIn(ONBOARDING, { run: invitation.id }, 'resend', 'enqueue')
      }
      jobs.poke()
      return invitation
    },

    /** Sets the password and activates the user; 410 after 48 h, 400 for unknown or used. */
    async accept(input: { token: string; password: string }): Promise<User> {
      const invitation = await db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', sha256(input.token))
        .executeTakeFirst()
      if (
        invitation === undefined ||
        invitation.accepted_at !== null ||
        invitation.superseded_at !== null
      )
        throw new MalformedRequestError('Unknown or already used invitation token', {
          details: [{ field: 'token', message: 'is unknown, already used or replaced' }],
        })
      if (Date.parse(invitation.expires_at) <= clock.now()) {
        if (!notedExpiries.has(invitation.id)) {
          notedExpiries.add(invitation.id)
          flowStepIn(ONBOARDING, { run: invitation.id }, 'clicked', 'linkExpired')
        }
        throw new InvitationExpiredError(
          'The invitation expired 48 hours after it was sent; ask an administrator to resend it',
        )
      }
      const hash = await hashPassword(input.password)
      const user = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('invitations')
          .set({ accepted_at: nowIso() })
          .where('id', '=', invitation.id)
          .execute()
        return trx
          .updateTable('users')
          .set({ password_hash: hash, status: 'active', updated_at: nowIso() })
          .where('id', '=', invitation.user_id)
          .returningAll()
          .executeTakeFirstOrThrow()
      })
      flowStepIn(
        ONBOARDING,
        { run: invitation.id },
        'clicked',
        'setPassword',
        'activate',
        'canLogin',
      )
      return user
    },
  }
}

export type InvitationService = ReturnType<typeof createInvitationService>
