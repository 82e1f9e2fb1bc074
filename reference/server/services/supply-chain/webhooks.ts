/**
 * @module Outgoing webhooks to suppliers. Each delivery is a durable job: the body is fixed when
 * the job is enqueued (in the transaction that creates the order), every attempt is signed with
 * HMAC-SHA256 over `<timestamp>.<body>` and logged, a failure is retried with exponential
 * backoff, and a restart loses nothing because the job is in the database.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { crashPoint } from '../../lib/crash-point.ts'
import { flowStepIn } from '../../observability/flow.ts'
import { createSupplierRepository } from '../../store/supply-chain/suppliers.ts'
import { createWebhookDeliveryRepository } from '../../store/supply-chain/webhook-deliveries.ts'
import type { SupplyChainExecutor, WebhookDeliveryRow } from '../../store/supply-chain/schema.ts'
import { asJobExecutor, isoNow, newSupplyChainId, type SupplyChainContext } from './context.ts'

const FLOW = 'workflows/webhook-delivery'
export const WEBHOOK_JOB = 'webhooks.deliver'
export const SIGNATURE_HEADER = 'X-BlueRound-Signature'
export const TIMESTAMP_HEADER = 'X-BlueRound-Timestamp'
export const EVENT_HEADER = 'X-BlueRound-Event'
export const DELIVERY_HEADER = 'X-BlueRound-Delivery'
/** Receivers should refuse a timestamp further than this from their clock (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the supplier's webhook secret. */
export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

/**
 * What a receiver does: recompute the signature, compare in constant time, and refuse stale
 * timestamps.
 * @param nowSeconds - the receiver's clock, Unix seconds
 */
export const verifyWebhookSignature = (
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number,
): boolean => {
  const timestamp = Number(headers.timestamp)
  if (!Number.isInteger(timestamp) || headers.signature === undefined) return false
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false
  const expected = Buffer.from(signWebhook(secret, timestamp, body))
  const actual = Buffer.from(headers.signature)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

export interface WebhookPayload {
  organizationId: string
  supplierId: string
  orderId: string | null
  eventType: string
  deliveryKey: string
  /** The exact body sent on every attempt. */
  body: string
}

export interface WebhookOptions {
  /** Per-attempt timeout. @default 10_000 */
  timeoutMs?: number
  /** Attempts before the delivery is given up. @default 8 */
  maxAttempts?: number
}

export const createWebhookService = (ctx: SupplyChainContext, options: WebhookOptions = {}) => {
  const suppliers = createSupplierRepository(ctx.db)
  const log = createWebhookDeliveryRepository(ctx.db)
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxAttempts = options.maxAttempts ?? 8

  /** Sends one attempt; returns the status (or `null`) and the error text. */
  const attempt = async (url: string, headers: Record<string, string>, body: string) => {
    try {
      const res = await ctx.fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await res.body?.cancel()
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` }
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) }
    }
  }

  ctx.jobs.registerJobHandler<WebhookPayload>(WEBHOOK_JOB, async ({ payload, job }) => {
    const run = { run: payload.deliveryKey }
    const orderRun = { run: payload.orderId ?? payload.deliveryKey }
    flowStepIn(FLOW, run, 'JOB')
    const supplier = await suppliers.findUnscoped(payload.supplierId)
    if (supplier === undefined) return // deleted with its organization: nothing to deliver
    const timestamp = Math.floor(ctx.clock.now() / 1000)
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'BlueRound-Webhooks/1.0',
      [SIGNATURE_HEADER]: signWebhook(supplier.webhook_secret, timestamp, payload.body),
      [TIMESTAMP_HEADER]: String(timestamp),
      [EVENT_HEADER]: payload.eventType,
      [DELIVERY_HEADER]: payload.deliveryKey,
    }
    flowStepIn(FLOW, run, 'SIGN', 'POST')
    const started = performance.now()
    crashPoint('webhook:before-send') // crash tests only (lib/crash-point.ts)
    const result = await attempt(supplier.webhook_url, headers, payload.body)
    crashPoint('webhook:after-send')
    const delivered = result.error === null
    const row: WebhookDeliveryRow = {
      id: newSupplyChainId('whd'),
      organization_id: payload.organizationId,
      supplier_id: payload.supplierId,
      order_id: payload.orderId,
      event_type: payload.eventType,
      delivery_key: payload.deliveryKey,
      attempt: job.attempts,
      url: supplier.webhook_url,
      status_code: result.status,
      error: result.error,
      duration_ms: Math.round(performance.now() - started),
      outcome: delivered ? 'delivered' : 'failed',
      attempted_at: isoNow(ctx.clock),
    }
    await log.record(row)
    if (delivered) {
      flowStepIn(FLOW, run, 'OK', 'LOG_OK')
      flowStepIn('workflows/purchase-order', orderRun, 'Supplier answered 2xx')
      return
    }
    flowStepIn(FLOW, run, 'OK', 'LOG_FAIL', 'LAST')
    flowStepIn('workflows/purchase-order', orderRun, 'Supplier failed or unreachable')
    flowStepIn(FLOW, run, job.attempts < job.max_attempts ? 'BACKOFF' : 'GIVE_UP')
    ctx.logger.warn(
      { deliveryKey: payload.deliveryKey, attempt: job.attempts, error: result.error },
      'webhook delivery failed',
    )
    throw new Error(`Webhook delivery failed: ${result.error}`)
  })

  return {
    log,

    /** Enqueues a delivery in the caller's transaction; the body is fixed now. */
    async enqueue(
      executor: SupplyChainExecutor,
      delivery: Omit<WebhookPayload, 'body'> & { data: unknown },
    ) {
      const { data, ...rest } = delivery
      const body = JSON.stringify({
        id: delivery.deliveryKey,
        type: delivery.eventType,
        createdAt: isoNow(ctx.clock),
        data,
      })
      await ctx.jobs.enqueue(asJobExecutor(executor), {
        type: WEBHOOK_JOB,
        key: delivery.deliveryKey,
        maxAttempts,
        payload: { ...rest, body } satisfies WebhookPayload,
      })
    },
  }
}

export type WebhookService = ReturnType<typeof createWebhookService>
