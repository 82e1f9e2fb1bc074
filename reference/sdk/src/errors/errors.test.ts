import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as errors from './index.ts'
import { errorFromResponse, parseRetryAfter } from './from-response.ts'

const classes = (Object.entries(errors) as [string, unknown][]).filter(
  (entry): entry is [string, new (...args: never[]) => Error] =>
    typeof entry[1] === 'function' && /^[A-Z]\w*Error$/.test(entry[0]),
)

const kebab = (name: string) =>
  name
    .replace(/API/, 'Api')
    .replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase())

describe('error classes', () => {
  it.each(classes)(
    '%s has its own name, extends RedcoreError, and has an is… guard',
    (name, ErrorClass) => {
      expect(ErrorClass.name).toBe(name)
      // `override name` is an instance field: check it on an instance built without a constructor.
      expect(Reflect.construct(Error, [], ErrorClass)).toBeInstanceOf(ErrorClass)
      expect(readFileSync(join(import.meta.dirname, `${kebab(name)}.ts`), 'utf8')).toContain(
        `override name = '${name}'`,
      )
      expect(ErrorClass.prototype).toBeInstanceOf(
        errors.RedcoreError === ErrorClass ? Error : errors.RedcoreError,
      )
      const guard = (errors as Record<string, unknown>)[`is${name}`]
      expect(typeof guard).toBe('function')
    },
  )

  it('maps statuses to typed errors carrying status, code, request ID, details and the response', () => {
    const make = (status: number, body: unknown) =>
      errorFromResponse({
        status,
        response: new Response(null, {
          status,
          headers: { 'x-request-id': 'req_1', 'retry-after': '7' },
        }),
        body,
        method: 'POST',
        url: 'https://api.blueround.com/v1/users',
        attempts: 1,
        now: 0,
      })
    const envelope = (code: string) => ({
      success: false,
      error: { code, message: 'Nope', details: [{ field: 'email', message: 'Invalid email' }] },
      meta: { requestId: 'req_body' },
    })
    expect(make(400, envelope('VALIDATION_ERROR'))).toBeInstanceOf(errors.BadRequestError)
    expect(make(401, envelope('UNAUTHORIZED'))).toBeInstanceOf(errors.AuthenticationError)
    expect(make(403, envelope('INSUFFICIENT_SCOPE'))).toBeInstanceOf(errors.PermissionDeniedError)
    expect(make(404, envelope('NOT_FOUND'))).toBeInstanceOf(errors.NotFoundError)
    expect(make(409, envelope('DUPLICATE_RESOURCE'))).toBeInstanceOf(errors.ConflictError)
    expect(make(429, envelope('RATE_LIMITED'))).toMatchObject({
      name: 'RateLimitError',
      retryAfter: 7,
    })
    const validation = make(422, envelope('VALIDATION_ERROR'))
    expect(validation).toBeInstanceOf(errors.ValidationError)
    expect(validation).toMatchObject({
      status: 422,
      code: 'VALIDATION_ERROR',
      requestId: 'req_1',
      details: [{ field: 'email', message: 'Invalid email' }],
      method: 'POST',
      url: 'https://api.blueround.com/v1/users',
      attempts: 1,
    })
    expect(validation.response).toBeInstanceOf(Response)
    expect(validation.message).toBe(
      'POST https://api.blueround.com/v1/users failed with 422 VALIDATION_ERROR: Nope (1 attempt, request req_1)',
    )
    const unknown = make(502, 'Bad gateway from a proxy')
    expect(unknown.constructor).toBe(errors.RedcoreAPIError)
    expect(unknown.code).toBe('HTTP_502')
    expect(errors.isRedcoreAPIError(validation) && errors.isRedcoreError(validation)).toBe(true)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(null, 0)).toBeUndefined()
  })

  it('NetworkError keeps its cause; TimeoutError is its own class', () => {
    const cause = new TypeError('fetch failed')
    const network = new errors.NetworkError({
      method: 'GET',
      url: 'https://x.test/v1/me',
      attempts: 4,
      cause,
    })
    expect(network.cause).toBe(cause)
    expect(network.message).toBe('GET https://x.test/v1/me failed: fetch failed (4 attempts)')
    const timeout = new errors.TimeoutError({
      method: 'GET',
      url: 'https://x.test/v1/me',
      timeout: 50,
      attempts: 1,
    })
    expect(errors.isTimeoutError(timeout) && !errors.isNetworkError(timeout)).toBe(true)
  })
})
