/**
 * @module The notifier: short text notifications (SMS) to users. No SMS provider is wired in the
 * reference server: in development and tests messages are captured in memory and listed at
 * `GET /_dev/notifications`; in production they are logged. Email goes through the mailer.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import type { Logger } from '../observability/logger.ts'

export interface Notification {
  organizationId: string
  /** The user notified. */
  userId: string
  channel: 'sms'
  /** e.g. `reorder_alert`, `order_acknowledged`, `shipment_delivered` */
  kind: string
  text: string
}

export interface CapturedNotification extends Notification {
  id: string
  /** ISO-8601 */
  sentAt: string
}

export interface Notifier {
  notify(notification: Notification): Promise<void>
}

/** Captures notifications in memory, newest last; for development and tests. */
export interface CapturingNotifier extends Notifier {
  list(): readonly CapturedNotification[]
  clear(): void
}

/** @param now - epoch ms, for `sentAt` (the injected clock) */
export const createCapturingNotifier = (now: () => number = Date.now): CapturingNotifier => {
  const captured: CapturedNotification[] = []
  return {
    async notify(notification) {
      captured.push({
        ...notification,
        id: `ntf_${captured.length + 1}`,
        sentAt: new Date(now()).toISOString(),
      })
    },
    list: () => captured,
    clear() {
      captured.length = 0
    },
  }
}

/** Production default: logs the notification (no SMS provider is configured). */
export const createLogNotifier = (logger: Logger): Notifier => ({
  async notify(notification) {
    logger.info({ notification }, 'notification (no SMS provider configured)')
  },
})

/** Whether a notifier keeps what it sends (so `/_dev/notifications` can list it). */
export const isCapturing = (notifier: Notifier): notifier is CapturingNotifier =>
  'list' in notifier && typeof (notifier as CapturingNotifier).list === 'function'
