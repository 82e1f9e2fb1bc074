/**
 * @module The alert hook for critical errors (500s). By default it logs at level `fatal` and
 * counts in `blueround_alerts_total`; with `BLUEROUND_ALERT_WEBHOOK_URL` it also POSTs a JSON
 * summary (never the stack or internals) to that URL, fire-and-forget.
 * @see https://docs.blueround.com/api/error-handling/
 */
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'

export interface CriticalEvent {
  requestId: string
  code: string
  status: number
  method: string
  route: string
  error: unknown
}

export interface AlertHook {
  critical(event: CriticalEvent): void
}

export interface AlertHookOptions {
  logger: Logger
  metrics: Metrics
  webhookUrl?: string | undefined
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** @default 5000 */
  webhookTimeoutMs?: number
}

export const createAlertHook = (options: AlertHookOptions): AlertHook => {
  // Read lazily: touching `globalThis.fetch` at start-up loads undici.
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  return {
    critical(event) {
      options.metrics.alertsTotal.inc({ code: event.code })
      options.logger.fatal(
        { requestId: event.requestId, code: event.code, status: event.status, err: event.error },
        'critical error',
      )
      if (options.webhookUrl === undefined) return
      const { error: _error, ...summary } = event
      send(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'blueround.critical_error', ...summary }),
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5000),
      }).catch((error: unknown) => {
        options.logger.warn({ requestId: event.requestId, err: error }, 'alert webhook failed')
      })
    },
  }
}
