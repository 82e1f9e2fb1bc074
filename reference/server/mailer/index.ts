/**
 * @module Mail: `createSmtpMailer(SMTP_URL)` (nodemailer) or, outside production without
 * `SMTP_URL`, `createCapturingMailer(clock)` whose messages `GET /_dev/mail` lists; `sendOnce`
 * makes a job's send idempotent; `templates.ts` renders the messages.
 * @see https://docs.blueround.com/users/onboarding/
 */
export { sendOnce } from './send-once.ts'
export { renderInvitation } from './templates.ts'
export {
  MAIL_FROM,
  createCapturingMailer,
  createSmtpMailer,
  type CapturedMail,
  type CapturingMailer,
} from './transports.ts'
