/** @module Handlers of `/v{n}/me/mfa`. */
import { BusinessRuleError } from '../../errors/business-rule-error.ts'
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { success } from '../../lib/envelope.ts'
import { newTotpSecret, totpUri, verifyTotp } from '../../services/mfa.ts'
import type { confirmEnrolment, startEnrolment } from './mfa.routes.ts'

export const start: AppRouteHandler<typeof startEnrolment> = async (c) => {
  const { user } = c.get('principal')
  const { store, clock } = c.get('services').deps
  const secret = newTotpSecret()
  await store.db
    .updateTable('users')
    .set({
      mfa_secret: secret,
      mfa_enabled_at: null,
      updated_at: new Date(clock.now()).toISOString(),
    })
    .where('id', '=', user.id)
    .execute()
  c.header('Cache-Control', 'no-store')
  return c.json(success(c, { secret, otpauthUri: totpUri(secret, user.email) }), 201)
}

export const confirm: AppRouteHandler<typeof confirmEnrolment> = async (c) => {
  const { user } = c.get('principal')
  const { store, clock } = c.get('services').deps
  const row = await store.users.findById(user.id)
  const { otp } = c.req.valid('json')
  if (row?.mfa_secret == null || !verifyTotp(row.mfa_secret, otp, clock.now()))
    throw new BusinessRuleError(
      'The code does not match; start enrolment, then send a current code',
      {
        details: [{ field: 'otp', message: 'does not match' }],
      },
    )
  await store.db
    .updateTable('users')
    .set({ mfa_enabled_at: new Date(clock.now()).toISOString() })
    .where('id', '=', user.id)
    .execute()
  return c.json(success(c, { mfaEnabled: true as const }), 200)
}
