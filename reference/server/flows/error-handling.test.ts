/**
 * @module Flow test for diagrams/api/error-handling.mmd: each error class, its envelope, the log
 * line with the request ID, and the alert hook for critical errors (including the webhook).
 */
import { describe, expect, it, vi } from 'vitest'
import type { Store } from '../store/index.ts'
import { body, createTenant, createTestApp } from '../testing/test-app.ts'

const post = (headers: Record<string, string>, payload: string) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json', 'x-request-id': 'req-flow-1' },
  body: payload,
})

const logFor = (logs: Array<Record<string, unknown>>, requestId: string) =>
  logs.filter((l) => l.requestId === requestId && l.msg !== 'request completed')

describe('error handling (diagrams/api/error-handling.mmd)', () => {
  it('malformed JSON: 400 VALIDATION_ERROR, logged with the request ID, no alert', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', post(t.acme.headers, '{oops'))
    expect(res.status).toBe(400)
    expect(await body(res)).toEqual({
      success: false,
      error: { code: 'VALIDATION_ERROR', message: 'Malformed JSON in request body' },
      meta: { timestamp: '2026-11-22T10:00:00.000Z', requestId: 'req-flow-1' },
    })
    expect(logFor(t.logs, 'req-flow-1')).toEqual([
      expect.objectContaining({ level: 40, code: 'VALIDATION_ERROR', status: 400 }),
    ])
  })

  it('schema violation: 422 VALIDATION_ERROR with one detail per field', async () => {
    const t = await createTestApp()
    const res = await t.app.request(
      '/v1/api-keys',
      post(t.acme.headers, JSON.stringify({ name: '', scopes: ['root'] })),
    )
    expect(res.status).toBe(422)
    const json = await body(res)
    expect(json.error.code).toBe('VALIDATION_ERROR')
    expect(json.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'name',
      'scopes.0',
    ])
  })

  it('missing or invalid credentials: 401 UNAUTHORIZED', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', post({ authorization: 'Bearer nope' }, '{}'))
    expect(res.status).toBe(401)
    expect((await body(res)).error.code).toBe('UNAUTHORIZED')
  })

  it('not permitted: 403 FORBIDDEN when a member asks for an admin-scoped key', async () => {
    const t = await createTestApp()
    const member = await createTenant(t.store, t.clock, { name: 'Initech', role: 'member' })
    const res = await t.app.request(
      '/v1/api-keys',
      post(member.headers, JSON.stringify({ name: 'x', scopes: ['admin'] })),
    )
    expect(res.status).toBe(403)
    expect((await body(res)).error.code).toBe('FORBIDDEN')
  })

  it('business rule: 422 BUSINESS_RULE_VIOLATION', async () => {
    const t = await createTestApp()
    const res = await t.app.request(
      '/v1/api-keys',
      post(t.acme.headers, JSON.stringify({ name: 'x', expiresAt: '2020-01-01T00:00:00Z' })),
    )
    expect(res.status).toBe(422)
    expect((await body(res)).error).toEqual({
      code: 'BUSINESS_RULE_VIOLATION',
      message: 'expiresAt must be in the future',
      details: [{ field: 'expiresAt', message: 'must be in the future' }],
    })
  })

  it('success: 201 with the created key and a stored row', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/v1/api-keys', post(t.acme.headers, '{"name":"CI"}'))
    expect(res.status).toBe(201)
    const json = await body(res)
    const row = await t.store.apiKeys.findById(t.acme.organization.id, json.data.id)
    expect(row?.name).toBe('CI')
  })

  it('server error: 500 INTERNAL_ERROR, no internals, logged and sent to the alert webhook', async () => {
    const webhook = vi.fn(async () => new Response(null, { status: 204 }))
    const t = await createTestApp({
      config: { alertWebhookUrl: 'https://alerts.example.test/hook' },
      fetch: webhook,
      wrapStore: (store): Store => ({
        ...store,
        apiKeys: {
          ...store.apiKeys,
          list: () => {
            throw new TypeError('secret internal detail')
          },
        },
      }),
    })
    const res = await t.app.request('/v1/api-keys', {
      headers: { ...t.acme.headers, 'x-request-id': 'req-crit' },
    })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).not.toContain('secret internal detail')
    expect(JSON.parse(text).error).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    })
    const fatal = t.logs.find((l) => l.level === 60)
    expect(fatal).toMatchObject({
      requestId: 'req-crit',
      code: 'INTERNAL_ERROR',
      msg: 'critical error',
    })
    expect(webhook).toHaveBeenCalledOnce()
    const [url, init] = webhook.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('https://alerts.example.test/hook')
    expect(JSON.parse(String(init.body))).toMatchObject({
      type: 'blueround.critical_error',
      requestId: 'req-crit',
      code: 'INTERNAL_ERROR',
      status: 500,
      route: '/v1/api-keys',
    })
    const metrics = await (await t.app.request('/metrics')).text()
    expect(metrics).toContain('blueround_alerts_total{code="INTERNAL_ERROR"} 1')
  })
})
