/**
 * @module The mailer interface. Implementations live in `mailer/`: SMTP through nodemailer when
 * `SMTP_URL` is set, otherwise (outside production) a capturing mailer listed at `/_dev/mail`.
 */

export interface MailMessage {
  to: string
  subject: string
  text: string
  /** The URLs the text contains (the signup link, say). */
  links?: string[]
  /** A stable `Message-ID` (derived from the job key), so a receiver can drop a duplicate. */
  messageId?: string
}

export interface Mailer {
  send(message: MailMessage): Promise<void>
}

/** Keeps messages in memory; for tests. */
export const createMemoryMailer = (): Mailer & { readonly sent: MailMessage[] } => {
  const sent: MailMessage[] = []
  return {
    sent,
    async send(message) {
      sent.push(message)
    },
  }
}
