/**
 * @module Idempotency for POST: the first request with a key runs and its result is stored for
 * 24 hours; a repeat with the same body gets that result back; a different body gets 422.
 * @see https://docs.blueround.com/api/about/#idempotency
 */
import { IdempotencyInProgressError } from '../errors/idempotency-in-progress-error.ts'
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused-error.ts'
import type { Clock } from '../lib/clock.ts'
import type { Store } from '../store/index.ts'
import { sha256 } from './api-keys.ts'

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000
const PURGE_EVERY_MS = 60_000

export type IdempotencyOutcome = { kind: 'new' } | { kind: 'replay'; status: number; body: string }

/** Hash of what makes two requests "the same": method, path and the exact body bytes. */
export const requestFingerprint = (method: string, path: string, body: string): string =>
  sha256(`${method} ${path}\n${body}`)

export const createIdempotencyService = (store: Store, clock: Clock) => {
  let lastPurge = Number.NEGATIVE_INFINITY
  return {
    async begin(
      organizationId: string,
      key: string,
      fingerprint: string,
    ): Promise<IdempotencyOutcome> {
      const now = clock.now()
      if (now - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now
        await store.idempotency.purgeExpired(new Date(now).toISOString())
      }
      const existing = await store.idempotency.claim({
        organization_id: organizationId,
        idempotency_key: key,
        request_hash: fingerprint,
        state: 'in_progress',
        status_code: null,
        response_body: null,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(),
      })
      if (existing === undefined) return { kind: 'new' }
      if (existing.request_hash !== fingerprint) throw new IdempotencyKeyReusedError()
      if (existing.state !== 'completed' || existing.status_code === null)
        throw new IdempotencyInProgressError()
      return { kind: 'replay', status: existing.status_code, body: existing.response_body ?? '' }
    },
    complete: (organizationId: string, key: string, status: number, body: string) =>
      store.idempotency.complete(organizationId, key, status, body),
    /** Forgets a key whose request failed with 5xx, so the client's retry runs again. */
    release: (organizationId: string, key: string) =>
      store.idempotency.release(organizationId, key),
  }
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>
