/** @module Mail transports: real SMTP through nodemailer, or a capturing mailer for dev mode. */
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import type { MailMessage, Mailer } from '../services/mailer.ts'

export const MAIL_FROM = 'BlueRound <no-reply@blueround.test>'

/**
 * Sends through the SMTP server of `url` (`smtp://user:pass@host:587`, `smtps://…`).
 * nodemailer, and with it Node's TLS, DNS and HTTPS stacks, is loaded here, when SMTP is
 * configured, and not by every start-up: most runs use the capturing mailer, and importing it up
 * front was about 20 ms of the reference server's start-up (`npm run bench:server`).
 */
export const createSmtpMailer = (url: string): Mailer & { close(): void } => {
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport(url),
  )
  // A failure surfaces at the first `send`; never let it crash the process before that.
  transport.catch(() => undefined)
  return {
    async send(message: MailMessage) {
      await (
        await transport
      ).sendMail({
        from: MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      })
    },
    close: () => {
      transport.then(
        (t) => t.close(),
        () => undefined,
      )
    },
  }
}

/** One captured message, as `GET /_dev/mail` lists it. */
export interface CapturedMail {
  id: string
  to: string
  subject: string
  text: string
  links: string[]
  sentAt: string
}

/** Keeps every message in memory, newest last; dev mode without `SMTP_URL`, and tests. */
export const createCapturingMailer = (clock: Clock) => {
  const captured: CapturedMail[] = []
  return {
    captured,
    async send(message: MailMessage) {
      captured.push({
        id: newId('msg'),
        to: message.to,
        subject: message.subject,
        text: message.text,
        links: message.links ?? [],
        sentAt: new Date(clock.now()).toISOString(),
      })
    },
  } satisfies Mailer & { captured: CapturedMail[] }
}

export type CapturingMailer = ReturnType<typeof createCapturingMailer>
