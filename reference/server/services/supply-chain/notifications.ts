/**
 * @module Notifications of the supply-chain workflows: an email through the mailer and an SMS
 * through the notifier, to each admin of the organization. Called from durable jobs, with the
 * job's `once` so a retried job never sends the same message twice.
 */
import type { JobContext } from '../../jobs/index.ts'
import type { SupplyChainContext } from './context.ts'

export interface OrganizationNotice {
  kind: string
  subject: string
  text: string
}

/**
 * Emails and notifies every admin of the organization, and the users in `alsoUserIds` (the buyer
 * of an order, say); returns how many users were reached.
 */
export const notifyAdmins = async (
  ctx: SupplyChainContext,
  once: JobContext['once'],
  organizationId: string,
  notice: OrganizationNotice,
  alsoUserIds: readonly string[] = [],
): Promise<number> => {
  const admins = await ctx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      alsoUserIds.length === 0
        ? eb('role', '=', 'admin')
        : eb.or([eb('role', '=', 'admin'), eb('id', 'in', [...alsoUserIds])]),
    )
    .orderBy('id')
    .execute()
  for (const admin of admins) {
    const { mailer } = ctx
    if (mailer !== undefined)
      await once(`mail:${admin.id}`, async () => {
        await mailer.send({ to: admin.email, subject: notice.subject, text: notice.text })
        return true
      })
    await once(`sms:${admin.id}`, async () => {
      await ctx.notifier.notify({
        organizationId,
        userId: admin.id,
        channel: 'sms',
        kind: notice.kind,
        text: `${notice.subject}: ${notice.text}`,
      })
      return true
    })
  }
  return admins.length
}
