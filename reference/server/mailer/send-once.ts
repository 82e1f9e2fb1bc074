/**
 * @module Idempotent send: one message per key (the job's idempotency key). The `mail_log` row is
 * written right after the transport accepts the message, and a retry of the same job finds it and
 * sends nothing. The `Message-ID` is derived from the key, so even a crash in the instant between
 * the transport's acceptance and the row leaves a duplicate the receiving side can drop.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../lib/clock.ts'
import { crashPoint } from '../lib/crash-point.ts'
import type { MailMessage, Mailer } from '../services/mailer.ts'
import type { Database } from '../store/schema.ts'

export const sendOnce = async (
  deps: { db: Kysely<Database>; mailer: Mailer; clock: Clock },
  key: string,
  message: MailMessage,
): Promise<{ sent: boolean }> => {
  const { db, mailer, clock } = deps
  const logged = await db
    .selectFrom('mail_log')
    .select('id')
    .where('id', '=', key)
    .executeTakeFirst()
  if (logged !== undefined) return { sent: false }
  await mailer.send({ ...message, messageId: `<${key}@blueround.test>` })
  crashPoint('mail:after-send') // crash tests only (lib/crash-point.ts)
  await db
    .insertInto('mail_log')
    .values({
      id: key,
      to: message.to,
      subject: message.subject,
      text: message.text,
      links: JSON.stringify(message.links ?? []),
      sent_at: new Date(clock.now()).toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  return { sent: true }
}
