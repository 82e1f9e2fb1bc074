/** @module Email templates: plain text, with the links listed for the dev mail view. */
import type { MailMessage } from '../services/mailer.ts'

export const renderInvitation = (input: {
  to: string
  name: string
  organization: string
  link: string
  expiresAt: string
}): MailMessage => ({
  to: input.to,
  subject: `You are invited to ${input.organization} on BlueRound`,
  text: [
    `Hello ${input.name},`,
    '',
    `You have been invited to join ${input.organization} on BlueRound.`,
    'Set your password to activate your account:',
    '',
    input.link,
    '',
    `This link expires at ${input.expiresAt} (48 hours after it was sent). If it has expired,`,
    'ask an administrator to resend the invitation.',
  ].join('\n'),
  links: [input.link],
})
