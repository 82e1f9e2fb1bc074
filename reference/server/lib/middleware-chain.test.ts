import { Hono } from 'hono'
import type { ErrorHandler, Handler, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { describe, expect, it, vi } from 'vitest'
import { chain } from './middleware-chain.ts'

/** An `Error` that carries the status the error handlers answer with. */
class StatusError extends Error {
  readonly status: ContentfulStatusCode
  constructor(status: ContentfulStatusCode, message: string) {
    super(message)
    this.status = status
  }
}

type Log = string[]

/** An error handler that records its call and answers `{ error, by }` with the error's status. */
const respondWith =
  (log: Log, by: string): ErrorHandler =>
  (error, c) => {
    log.push(`${by} onError: ${error.message}`)
    return c.json({ error: error.message, by }, error instanceof StatusError ? error.status : 500)
  }

/** `async` member with `await next()`; records the status it sees afterwards. */
const around =
  (log: Log, name: string): MiddlewareHandler =>
  async (c, next) => {
    log.push(`${name} >`)
    await next()
    log.push(`${name} < ${c.res.status}`)
  }

/** Non-`async` member that hands on with `return next()` and has nothing left to do. */
const handOn =
  (log: Log, name: string): MiddlewareHandler =>
  (_c, next) => {
    log.push(name)
    return next()
  }

/** Non-`async` member with after-code chained on the promise of `next()`. */
const thenAfter =
  (log: Log, name: string): MiddlewareHandler =>
  (c, next) => {
    log.push(`${name} >`)
    return next().then(() => {
      log.push(`${name} < ${c.res.status}`)
    })
  }

/**
 * Answers preflights itself, as CORS does; hands everything else on. Not `async`: it returns the
 * `Response` itself, which Hono's runtime takes (its types want a promise, hence the cast).
 */
const preflight = (log: Log): MiddlewareHandler =>
  ((c, next) => {
    log.push('preflight')
    return c.req.method === 'OPTIONS' ? c.body(null, 204) : next()
  }) as MiddlewareHandler

const hello =
  (log: Log): Handler =>
  (c) => {
    log.push('handler')
    return c.text('hello')
  }

type Observed =
  | { status: number; body: string; headers: Record<string, string>; order: string[] }
  | { rejected: unknown; order: string[] }

/** One request against `app`; what the client sees and the calls recorded up to the answer. */
const observe = async (app: Hono, log: Log, init?: RequestInit): Promise<Observed> => {
  // `app.request` can also throw synchronously (Hono's single-handler path): one outcome.
  const outcome = await Promise.resolve()
    .then(() => app.request('/', init))
    .then(
      (res) => ({ res }),
      (reason: unknown) => ({ reason }),
    )
  if ('reason' in outcome) return { rejected: outcome.reason, order: [...log] }
  const order = [...log]
  const { res } = outcome
  return {
    status: res.status,
    body: await res.text(),
    headers: Object.fromEntries(res.headers),
    order,
  }
}

interface Setup {
  members: MiddlewareHandler[]
  handler?: Handler
  /** The chain's own error handler; by default the app's, as `create-app.ts` passes it. */
  chainOnError?: ErrorHandler
}

type Mode = 'chained' | 'layered'

/** An app with `app.onError`, the members (one chain or one `app.use` each) and the route. */
const buildApp = (mode: Mode, log: Log, setup: (log: Log) => Setup): Hono => {
  const { members, handler = hello(log), chainOnError } = setup(log)
  const onError = respondWith(log, 'app')
  const app = new Hono()
  app.onError(onError)
  if (mode === 'chained') app.use('*', chain(chainOnError ?? onError, ...members))
  else for (const member of members) app.use('*', member)
  app.all('/', handler)
  return app
}

const run = (mode: Mode, setup: (log: Log) => Setup, init?: RequestInit): Promise<Observed> => {
  const log: Log = []
  return observe(buildApp(mode, log, setup), log, init)
}

/** Runs the members as one chain and as separate layers; asserts the client sees the same. */
const sameAsLayers = async (setup: (log: Log) => Setup, init?: RequestInit): Promise<Observed> => {
  const chained = await run('chained', setup, init)
  const layered = await run('layered', setup, init)
  expect(chained).toEqual(layered)
  return chained
}

const json = (observed: Observed): unknown => {
  if ('rejected' in observed) throw new Error(`request rejected: ${String(observed.rejected)}`)
  return JSON.parse(observed.body)
}

describe('chain', () => {
  it('runs the members in order, before and after next(), and the handler once', async () => {
    const observed = await sameAsLayers((log) => ({
      members: [
        around(log, 'a'),
        async (c, next) => {
          c.header('x-request-id', 'r-1')
          await next()
          c.header('x-frame-options', 'DENY')
        },
        around(log, 'b'),
        around(log, 'c'),
      ],
    }))
    expect(observed).toEqual({
      status: 200,
      body: 'hello',
      headers: expect.objectContaining({ 'x-request-id': 'r-1', 'x-frame-options': 'DENY' }),
      order: ['a >', 'b >', 'c >', 'handler', 'c < 200', 'b < 200', 'a < 200'],
    })
  })

  it('takes members that return next() and async members that await it, mixed', async () => {
    const observed = await sameAsLayers((log) => ({
      members: [
        handOn(log, 'sync-1'),
        around(log, 'async-1'),
        handOn(log, 'sync-2'),
        handOn(log, 'sync-3'),
        thenAfter(log, 'then-1'),
        around(log, 'async-2'),
        handOn(log, 'sync-4'),
      ],
    }))
    expect(observed).toMatchObject({
      status: 200,
      body: 'hello',
      order: [
        'sync-1',
        'async-1 >',
        'sync-2',
        'sync-3',
        'then-1 >',
        'async-2 >',
        'sync-4',
        'handler',
        'async-2 < 200',
        'then-1 < 200',
        'async-1 < 200',
      ],
    })
  })

  it('works when every member only hands on with return next()', async () => {
    const observed = await sameAsLayers((log) => ({
      members: [handOn(log, 'one'), handOn(log, 'two'), handOn(log, 'three')],
    }))
    expect(observed).toMatchObject({
      status: 200,
      body: 'hello',
      order: ['one', 'two', 'three', 'handler'],
    })
  })

  describe('an Error thrown synchronously by a member', () => {
    const setup = (log: Log, thrown: Error, chainOnError?: ErrorHandler): Setup => ({
      members: [
        around(log, 'outer'),
        (c, next) => {
          log.push('then >')
          return next().then(() => {
            log.push(`then < ${c.res.status} c.error is thrown: ${c.error === thrown}`)
          })
        },
        handOn(log, 'sync'),
        (c, next) => {
          log.push('limit')
          if (Number(c.req.header('content-length')) > 4) throw thrown
          return next()
        },
        around(log, 'inner'),
      ],
      ...(chainOnError && { chainOnError }),
    })
    const tooBig = { method: 'POST', body: 'way too big', headers: { 'content-length': '11' } }

    it('is answered by onError; the handler and later members do not run; outer after-code sees it', async () => {
      const thrown = new StatusError(413, 'payload too large')
      const observed = await sameAsLayers((log) => setup(log, thrown), tooBig)
      expect(observed).toMatchObject({
        status: 413,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        order: [
          'outer >',
          'then >',
          'sync',
          'limit',
          'app onError: payload too large',
          'then < 413 c.error is thrown: true',
          'outer < 413',
        ],
      })
      expect(json(observed)).toEqual({ error: 'payload too large', by: 'app' })
    })

    it("is converted by the chain's onError (called once, with that error), not the app's", async () => {
      const thrown = new StatusError(413, 'payload too large')
      const log: Log = []
      const chainOnError = vi.fn(respondWith(log, 'chain'))
      const app = buildApp('chained', log, (l) => setup(l, thrown, chainOnError))
      const observed = await observe(app, log, tooBig)
      expect(observed).toMatchObject({
        status: 413,
        order: [
          'outer >',
          'then >',
          'sync',
          'limit',
          'chain onError: payload too large',
          'then < 413 c.error is thrown: true',
          'outer < 413',
        ],
      })
      expect(json(observed)).toEqual({ error: 'payload too large', by: 'chain' })
      expect(chainOnError).toHaveBeenCalledOnce()
      expect(chainOnError.mock.calls[0]?.[0]).toBe(thrown)
    })

    it('is answered by onError also when the thrower is the first or the last member', async () => {
      for (const at of ['first', 'last'] as const) {
        const observed = await sameAsLayers((log) => {
          const thrower: MiddlewareHandler = () => {
            log.push('thrower')
            throw new StatusError(418, `thrown ${at}`)
          }
          const others = [around(log, 'x'), handOn(log, 'y')]
          return { members: at === 'first' ? [thrower, ...others] : [...others, thrower] }
        })
        expect(observed).toMatchObject({ status: 418 })
        expect(json(observed)).toEqual({ error: `thrown ${at}`, by: 'app' })
        expect(observed.order).not.toContain('handler')
      }
    })
  })

  describe('a member whose promise rejects', () => {
    it('after next() resolved: onError answers at that member, the outer after-code sees it', async () => {
      const observed = await sameAsLayers((log) => ({
        members: [
          around(log, 'outer'),
          handOn(log, 'sync'),
          async (c, next) => {
            await next()
            log.push(`late saw ${c.res.status}`)
            throw new StatusError(504, 'too slow')
          },
          around(log, 'inner'),
        ],
      }))
      expect(observed).toMatchObject({
        status: 504,
        order: [
          'outer >',
          'sync',
          'inner >',
          'handler',
          'inner < 200',
          'late saw 200',
          'app onError: too slow',
          'outer < 504',
        ],
      })
      expect(json(observed)).toEqual({ error: 'too slow', by: 'app' })
    })

    it('as a timeout racing a slow handler: the timeout answers, the outer after-code sees it', async () => {
      const releases: Array<() => void> = []
      const timeout: MiddlewareHandler = (_c, next) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new StatusError(504, 'timed out')), 5)
          next().then(
            () => {
              clearTimeout(timer)
              resolve()
            },
            (error: unknown) => {
              clearTimeout(timer)
              reject(error instanceof Error ? error : new Error(String(error)))
            },
          )
        })
      const setup = (log: Log): Setup => ({
        members: [thenAfter(log, 'outer'), handOn(log, 'sync'), timeout, around(log, 'inner')],
        handler: async (c) => {
          log.push('slow handler')
          await new Promise<void>((resolve) => releases.push(resolve))
          return c.text('too late')
        },
      })
      try {
        const observed = await sameAsLayers(setup)
        expect(observed).toMatchObject({
          status: 504,
          order: [
            'outer >',
            'sync',
            'inner >',
            'slow handler',
            'app onError: timed out',
            'outer < 504',
          ],
        })
        expect(json(observed)).toEqual({ error: 'timed out', by: 'app' })
      } finally {
        for (const release of releases) release()
      }
    })
  })

  it("leaves an error of the route handler to app.onError; the chain's after-code sees its answer", async () => {
    const chainOnErrors: Array<ReturnType<typeof vi.fn<ErrorHandler>>> = []
    const observed = await sameAsLayers((log) => {
      const chainOnError = vi.fn(respondWith(log, 'chain'))
      chainOnErrors.push(chainOnError)
      return {
        members: [around(log, 'a'), handOn(log, 'b'), thenAfter(log, 'c')],
        handler: () => {
          log.push('handler')
          throw new StatusError(503, 'handler broke')
        },
        chainOnError,
      }
    })
    expect(observed).toMatchObject({
      status: 503,
      order: ['a >', 'b', 'c >', 'handler', 'app onError: handler broke', 'c < 503', 'a < 503'],
    })
    expect(json(observed)).toEqual({ error: 'handler broke', by: 'app' })
    expect(chainOnErrors).toHaveLength(2)
    for (const chainOnError of chainOnErrors) expect(chainOnError).not.toHaveBeenCalled()
  })

  describe('a member that answers without calling next()', () => {
    const preflightRequest = { method: 'OPTIONS' }

    it('becomes the answer; later members and the handler do not run; outer after-code sees it', async () => {
      const observed = await sameAsLayers(
        (log) => ({
          members: [
            around(log, 'outer'),
            handOn(log, 'sync'),
            preflight(log),
            around(log, 'later'),
          ],
        }),
        preflightRequest,
      )
      expect(observed).toMatchObject({
        status: 204,
        body: '',
        order: ['outer >', 'sync', 'preflight', 'outer < 204'],
      })
    })

    it('also when the member is async', async () => {
      const observed = await sameAsLayers(
        (log) => ({
          members: [
            thenAfter(log, 'outer'),
            async (c, next) => {
              log.push('async preflight')
              if (c.req.method === 'OPTIONS') return c.body(null, 204)
              await next()
              return undefined
            },
            around(log, 'later'),
          ],
        }),
        preflightRequest,
      )
      expect(observed).toMatchObject({
        status: 204,
        order: ['outer >', 'async preflight', 'outer < 204'],
      })
    })

    it("as Hono's own cors() answering a preflight, with the same headers", async () => {
      const observed = await sameAsLayers(
        (log) => ({
          members: [
            around(log, 'outer'),
            cors({ origin: 'https://app.example', allowMethods: ['GET', 'PUT'] }),
            around(log, 'later'),
          ],
        }),
        {
          method: 'OPTIONS',
          headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
        },
      )
      expect(observed).toMatchObject({
        status: 204,
        headers: expect.objectContaining({
          'access-control-allow-origin': 'https://app.example',
          'access-control-allow-methods': 'GET,PUT',
        }),
        order: ['outer >', 'outer < 204'],
      })
    })

    it('is ignored when returned after next() (the handler already answered)', async () => {
      const observed = await sameAsLayers((log) => ({
        members: [
          around(log, 'outer'),
          async (_c, next) => {
            await next()
            return new Response('ignored', { status: 202 })
          },
        ],
      }))
      expect(observed).toMatchObject({
        status: 200,
        body: 'hello',
        order: ['outer >', 'handler', 'outer < 200'],
      })
    })

    // Hono calls a lone matched handler without `compose`, and then takes a synchronous
    // non-Promise result as the answer (`res ?? notFound`), ignoring `c.res`. A chain whose first
    // member answers synchronously returns `undefined`, so the member's 204 is lost.
    it('as the only handler Hono matched, a chain whose first member answers synchronously still gives that answer', async () => {
      const layeredLog: Log = []
      const layered = new Hono()
      layered.use('*', preflight(layeredLog))
      layered.get('/', hello(layeredLog))
      const chainedLog: Log = []
      const chained = new Hono()
      chained.use(
        '*',
        chain(respondWith(chainedLog, 'chain'), preflight(chainedLog), handOn(chainedLog, 'later')),
      )
      chained.get('/', hello(chainedLog))
      // No OPTIONS route: only the '*' middleware matches.
      const expected = await observe(layered, layeredLog, preflightRequest)
      expect(expected).toMatchObject({ status: 204, order: ['preflight'] })
      expect(await observe(chained, chainedLog, preflightRequest)).toEqual(expected)
    })

    it('as the only handler Hono matched, answers when a member before it hands on', async () => {
      const log: Log = []
      const app = new Hono()
      app.use('*', chain(respondWith(log, 'chain'), handOn(log, 'first'), preflight(log)))
      app.get('/', hello(log))
      expect(await observe(app, log, preflightRequest)).toMatchObject({
        status: 204,
        order: ['first', 'preflight'],
      })
    })
  })

  describe('a thrown value that is not an Error', () => {
    const setup =
      (chainOnError: ErrorHandler) =>
      (log: Log): Setup => ({
        members: [
          around(log, 'outer'),
          async (_c, next) => {
            log.push('try >')
            try {
              await next()
            } finally {
              log.push('finally')
            }
          },
          handOn(log, 'sync'),
          () => {
            log.push('thrower')
            throw 'boom'
          },
          around(log, 'later'),
        ],
        chainOnError,
      })

    it('is not given to any onError: the request rejects with it, as with separate layers', async () => {
      const log: Log = []
      const chainOnError = vi.fn(respondWith(log, 'chain'))
      const observed = await sameAsLayers(setup(chainOnError))
      expect(observed).toEqual({
        rejected: 'boom',
        order: ['outer >', 'try >', 'sync', 'thrower', 'finally'],
      })
      expect(chainOnError).not.toHaveBeenCalled()
    })

    it('rejects the same when thrown by an async member', async () => {
      const log: Log = []
      const chainOnError = vi.fn(respondWith(log, 'chain'))
      const observed = await sameAsLayers((l) => ({
        members: [
          thenAfter(l, 'outer'),
          async () => {
            l.push('async thrower')
            await Promise.resolve()
            throw { reason: 'not an Error' }
          },
        ],
        chainOnError,
      }))
      expect(observed).toEqual({
        rejected: { reason: 'not an Error' },
        order: ['outer >', 'async thrower'],
      })
      expect(chainOnError).not.toHaveBeenCalled()
    })

    // Under `compose`, next() always returns a promise: a member may chain cleanup on it. In the
    // chain, a non-Error thrown synchronously further in comes out of next() as a synchronous
    // throw, so `next().finally(cleanup)` never attaches its cleanup.
    it('reaches the outer members as a rejected promise of next(), not a synchronous throw', async () => {
      await sameAsLayers((log) => ({
        members: [
          (_c, next) => next().finally(() => log.push('cleanup')),
          () => {
            log.push('thrower')
            throw 'boom'
          },
        ],
      }))
    })
  })

  describe('nested chains', () => {
    const members = (log: Log, throwAt?: string) => {
      const thrower =
        (name: string): MiddlewareHandler =>
        (_c, next) => {
          log.push(name)
          if (name === throwAt) throw new StatusError(422, `${name} refused`)
          return next()
        }
      return {
        a: around(log, 'a'),
        b: handOn(log, 'b'),
        c: thenAfter(log, 'c'),
        t: thrower('t'),
        d: around(log, 'd'),
        e: thrower('e'),
      }
    }

    const nested = async (throwAt?: string): Promise<{ nested: Observed; flat: Observed }> => {
      const nestedLog: Log = []
      const m = members(nestedLog, throwAt)
      const app = new Hono()
      const onError = respondWith(nestedLog, 'app')
      app.onError(onError)
      app.use('*', chain(onError, m.a, chain(onError, m.b, chain(onError, m.c, m.t), m.d), m.e))
      app.all('/', hello(nestedLog))
      const flat = await run('layered', (log) => {
        const f = members(log, throwAt)
        return { members: [f.a, f.b, f.c, f.t, f.d, f.e] }
      })
      return { nested: await observe(app, nestedLog), flat }
    }

    it('keep the order of the members', async () => {
      const { nested: observed, flat } = await nested()
      expect(observed).toEqual(flat)
      expect(observed).toMatchObject({
        status: 200,
        order: ['a >', 'b', 'c >', 't', 'd >', 'e', 'handler', 'd < 200', 'c < 200', 'a < 200'],
      })
    })

    it('turn an Error deep inside into the onError answer that the outer members see', async () => {
      const { nested: observed, flat } = await nested('t')
      expect(observed).toEqual(flat)
      expect(observed).toMatchObject({
        status: 422,
        order: ['a >', 'b', 'c >', 't', 'app onError: t refused', 'c < 422', 'a < 422'],
      })
    })

    it('turn an Error after the inner chains into the answer that all of them see', async () => {
      const { nested: observed, flat } = await nested('e')
      expect(observed).toEqual(flat)
      expect(observed).toMatchObject({
        status: 422,
        order: [
          'a >',
          'b',
          'c >',
          't',
          'd >',
          'e',
          'app onError: e refused',
          'd < 422',
          'c < 422',
          'a < 422',
        ],
      })
    })
  })

  // `compose` refuses a second next() of one member (it rejects with an Error); the chain has
  // no such guard and runs the members after that member again.
  it('a member that calls next() twice does not run the members after it twice', async () => {
    await sameAsLayers((log) => ({
      members: [
        async (_c, next) => {
          await next()
          await next()
        },
        handOn(log, 'after the double caller'),
      ],
    }))
  })

  it('refuses to be built without middleware', () => {
    expect(() => chain(respondWith([], 'chain'))).toThrow('chain: no middleware given')
  })
})
