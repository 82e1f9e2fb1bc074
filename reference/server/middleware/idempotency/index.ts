/**
 * @module `Idempotency-Key` for POST routes. Runs after the permission check, before validation.
 * The first request with a key runs normally and its successful result (status below 400) is
 * stored; a repeat with the same body gets that result back with `Idempotent-Replayed: true` and
 * creates nothing; a different body gets 422 IDEMPOTENCY_KEY_REUSED. A rejected request (4xx or
 * 5xx) created nothing, so it releases the key and leaves no row: a retry, corrected or not, runs
 * again.
 * @see https://docs.blueround.com/api/about/#idempotency
 */
import type { MiddlewareHandler } from 'hono'
import { ValidationError } from '../../errors/validation-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { requestFingerprint } from '../../services/idempotency.ts'

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

export interface IdempotencyOptions {
  /**
   * Rewrites the stored body, e.g. to drop a secret that must be shown only once.
   * Replays then return the redacted body.
   */
  redact?: (body: unknown) => unknown
}

export const idempotency = (options: IdempotencyOptions = {}): MiddlewareHandler<AppEnv> => {
  const redact = options.redact ?? ((body: unknown) => body)
  return async function idempotency(c, next) {
    const key = c.req.header('idempotency-key')
    if (key === undefined) return next()
    if (!KEY_PATTERN.test(key))
      throw new ValidationError('Invalid Idempotency-Key', {
        details: [{ field: 'Idempotency-Key', message: 'expected 1-255 visible ASCII characters' }],
      })
    const { idempotency: service, metrics } = c.get('services')
    const organizationId = c.get('organization').id
    const fingerprint = requestFingerprint(c.req.method, c.req.path, await c.req.text())
    const outcome = await service.begin(organizationId, key, fingerprint)
    if (outcome.kind === 'replay') {
      metrics.idempotentReplaysTotal.inc()
      const stored = JSON.parse(outcome.body) as { meta?: Record<string, unknown> }
      const body =
        stored.meta === undefined
          ? stored
          : { ...stored, meta: { ...stored.meta, requestId: c.get('requestId') } }
      c.header('Idempotent-Replayed', 'true')
      return c.json(body, outcome.status as 200)
    }
    try {
      await next()
    } catch (error) {
      await service.release(organizationId, key)
      throw error
    }
    if (c.res.status >= 400) {
      await service.release(organizationId, key)
      return
    }
    const body = JSON.stringify(redact(await c.res.clone().json()))
    await service.complete(organizationId, key, c.res.status, body)
  }
}
