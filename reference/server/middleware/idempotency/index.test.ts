import { describe, expect, it } from 'vitest'
import { DatabaseError } from '../../errors/database-error.ts'
import { IDEMPOTENCY_TTL_MS } from '../../services/idempotency.ts'
import type { Store } from '../../store/index.ts'
import { body, createTestApp, type TestApp } from '../../testing/test-app.ts'

const post = (
  t: TestApp,
  key: string | undefined,
  payload: unknown,
  extra: Record<string, string> = {},
) =>
  t.app.request('/v1/api-keys', {
    method: 'POST',
    headers: {
      ...t.acme.headers,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...extra,
    },
    body: JSON.stringify(payload),
  })

const count = async (t: TestApp) =>
  (await t.store.apiKeys.list(t.acme.organization.id, { offset: 0, limit: 100 })).total

describe('Idempotency-Key', () => {
  it('replays the first result for a repeat with the same body and creates nothing', async () => {
    const t = await createTestApp()
    const first = await post(t, 'order-1', { name: 'once' })
    const second = await post(t, 'order-1', { name: 'once' })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    const a = await body(first)
    const b = await body(second)
    expect(b.data).toEqual({ ...a.data, key: null })
    expect(b.meta.requestId).toBe(second.headers.get('x-request-id'))
    expect(await count(t)).toBe(2)
  })

  it('never stores the secret key in the idempotency record', async () => {
    const t = await createTestApp()
    const { data } = await body(await post(t, 'secret-1', { name: 'x' }))
    const rows = await t.store.db.selectFrom('idempotency_keys').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.response_body).not.toContain(data.key)
  })

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body', async () => {
    const t = await createTestApp()
    await post(t, 'order-2', { name: 'first' })
    const res = await post(t, 'order-2', { name: 'second' })
    expect(res.status).toBe(422)
    expect((await body(res)).error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await count(t)).toBe(2)
  })

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while the first request is still running', async () => {
    const t = await createTestApp()
    await t.store.idempotency.claim({
      organization_id: t.acme.organization.id,
      idempotency_key: 'busy',
      request_hash: (await import('../../services/idempotency.ts')).requestFingerprint(
        'POST',
        '/v1/api-keys',
        JSON.stringify({ name: 'x' }),
      ),
      state: 'in_progress',
      status_code: null,
      response_body: null,
      created_at: '2026-11-22T10:00:00.000Z',
      expires_at: '2026-11-23T10:00:00.000Z',
    })
    const res = await post(t, 'busy', { name: 'x' })
    expect(res.status).toBe(409)
    expect((await body(res)).error.code).toBe('IDEMPOTENCY_IN_PROGRESS')
  })

  it('releases the key after a 5xx so the retry runs again', async () => {
    let failNext = true
    const t = await createTestApp({
      wrapStore: (store): Store => ({
        ...store,
        apiKeys: {
          ...store.apiKeys,
          create: async (row) => {
            if (failNext) {
              failNext = false
              throw new DatabaseError('unavailable')
            }
            return store.apiKeys.create(row)
          },
        },
      }),
    })
    const failed = await post(t, 'retry-1', { name: 'r' })
    expect(failed.status).toBe(500)
    expect((await body(failed)).error.code).toBe('DATABASE_ERROR')
    const retried = await post(t, 'retry-1', { name: 'r' })
    expect(retried.status).toBe(201)
    expect(retried.headers.get('idempotent-replayed')).toBeNull()
    expect(await count(t)).toBe(2)
  })

  it('keys are per organization and expire after 24 hours', async () => {
    const t = await createTestApp()
    await post(t, 'daily', { name: 'd' })
    t.clock.advance(IDEMPOTENCY_TTL_MS + 60_001)
    const again = await post(t, 'daily', { name: 'd' })
    expect(again.headers.get('idempotent-replayed')).toBeNull()
    expect(await count(t)).toBe(3)
  })

  it('stores nothing for a rejected request, so the corrected retry runs (found by the fuzzer)', async () => {
    const t = await createTestApp()
    const rejected = await post(t, 'fix-me', { name: '' })
    expect(rejected.status).toBe(422)
    expect(await t.store.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([])
    const corrected = await post(t, 'fix-me', { name: 'fixed' })
    expect(corrected.status).toBe(201)
    expect(corrected.headers.get('idempotent-replayed')).toBeNull()
  })

  it('rejects a malformed key with 422 VALIDATION_ERROR', async () => {
    const t = await createTestApp()
    const res = await post(t, 'has space', { name: 'x' })
    expect(res.status).toBe(422)
    expect((await body(res)).error.details).toEqual([
      { field: 'Idempotency-Key', message: 'expected 1-255 visible ASCII characters' },
    ])
  })
})
