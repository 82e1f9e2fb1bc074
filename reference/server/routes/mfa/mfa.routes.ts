/** @module Contracts of `/v{n}/me/mfa`: optional TOTP enrolment (RFC 6238). */
import { createRoute, z } from '@hono/zod-openapi'
import {
  badRequestError,
  bearerSecurity,
  commonErrors,
  json,
  successEnvelope,
} from '../../lib/openapi-schemas.ts'
import { requireScope } from '../../middleware/permission/index.ts'

export const MfaEnrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32 TOTP secret, shown once' }),
    otpauthUri: z.string().openapi({ example: 'otpauth://totp/BlueRound:dana%40acme.test?…' }),
  })
  .openapi('MfaEnrolment')

export const startEnrolment = createRoute({
  method: 'post',
  path: '/me/mfa',
  tags: ['Account'],
  summary: 'Start TOTP enrolment: returns a new secret and its otpauth:// URI',
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  responses: {
    201: json(successEnvelope(MfaEnrolmentSchema), 'Scan the URI, then confirm with a code'),
    ...commonErrors,
  },
})

export const ConfirmMfaSchema = z
  .object({ otp: z.string().regex(/^\d{6}$/, 'must be 6 digits') })
  .openapi('ConfirmMfa', { example: { otp: '123456' } })

export const confirmEnrolment = createRoute({
  method: 'post',
  path: '/me/mfa/confirm',
  tags: ['Account'],
  summary: 'Confirm TOTP enrolment with a current code; the password grant then needs `otp`',
  security: bearerSecurity,
  middleware: [requireScope('read')] as const,
  request: {
    body: { content: { 'application/json': { schema: ConfirmMfaSchema } }, required: true },
  },
  responses: {
    200: json(successEnvelope(z.object({ mfaEnabled: z.literal(true) })), 'MFA is on'),
    ...badRequestError,
    ...commonErrors,
  },
})
