/** @module The mailer interface. Nothing in this issue sends mail; the auth issue's onboarding does. */

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface Mailer {
  send(message: MailMessage): Promise<void>
}

/** Keeps messages in memory; for tests and the dev server (messages are logged, not sent). */
export const createMemoryMailer = (): Mailer & { readonly sent: MailMessage[] } => {
  const sent: MailMessage[] = []
  return {
    sent,
    async send(message) {
      sent.push(message)
    },
  }
}
