/**
 * @module Flow test for diagrams/api/handler-error-recovery.mmd: database error, business rule,
 * unexpected error and success, as seen from one handler.
 */
import { describe, expect, it } from 'vitest'
import type { Store } from '../store/index.ts'
import { body, createTestApp } from '../testing/test-app.ts'

describe('handler error recovery (diagrams/api/handler-error-recovery.mmd)', () => {
  it('database error: 500 DATABASE_ERROR "Database error occurred", logged with the request ID', async () => {
    const t = await createTestApp()
    const request = () =>
      t.app.request('/v1/api-keys/key_x', {
        headers: { ...t.acme.headers, 'x-request-id': 'req-db' },
      })
    // Authentication reads the store too, so the outage starts after a successful request.
    expect((await request()).status).toBe(404)
    t.store.setSimulatedOutage(true)
    const res = await request()
    expect(res.status).toBe(500)
    expect((await body(res)).error).toEqual({
      code: 'DATABASE_ERROR',
      message: 'Database error occurred',
    })
    expect(t.logs.find((l) => l.level === 50 && l.requestId === 'req-db')).toMatchObject({
      code: 'DATABASE_ERROR',
    })
  })

  it('database error from the handler itself (after authentication succeeded)', async () => {
    const t = await createTestApp({
      wrapStore: (store): Store => ({
        ...store,
        apiKeys: {
          ...store.apiKeys,
          findById: async () => {
            store.setSimulatedOutage(true)
            try {
              return await store.apiKeys.findById('x', 'y')
            } finally {
              store.setSimulatedOutage(false)
            }
          },
        },
      }),
    })
    const res = await t.app.request('/v1/api-keys/key_x', { headers: t.acme.headers })
    expect(res.status).toBe(500)
    expect((await body(res)).error.code).toBe('DATABASE_ERROR')
  })

  it('business rule: 422 and the store is left unchanged', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', {
      method: 'POST',
      headers: { ...t.acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'late', expiresAt: '2026-11-22T09:59:59Z' }),
    })
    expect(res.status).toBe(422)
    const { total } = await t.store.apiKeys.list(t.acme.organization.id, { offset: 0, limit: 10 })
    expect(total).toBe(1)
  })

  it('unexpected error: 500 INTERNAL_ERROR with the stack only in the log', async () => {
    const t = await createTestApp({
      wrapStore: (store): Store => ({
        ...store,
        apiKeys: {
          ...store.apiKeys,
          findById: () => Promise.reject(new RangeError('boom at line 42')),
        },
      }),
    })
    const res = await t.app.request('/v1/api-keys/key_x', {
      headers: { ...t.acme.headers, 'x-request-id': 'req-unexpected' },
    })
    expect(res.status).toBe(500)
    expect(JSON.stringify(await body(res))).not.toContain('boom')
    const logged = t.logs.find((l) => l.level === 50 && l.requestId === 'req-unexpected')
    expect(JSON.stringify(logged)).toContain('boom at line 42')
  })

  it('success: 200 with the success envelope', async () => {
    const t = await createTestApp()
    const res = await t.app.request(`/v1/api-keys/${t.acme.keyId}`, { headers: t.acme.headers })
    expect(res.status).toBe(200)
    expect(await body(res)).toMatchObject({ success: true, data: { id: t.acme.keyId } })
  })
})
