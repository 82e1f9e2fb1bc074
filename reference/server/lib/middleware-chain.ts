/**
 * @module Runs several middleware as one Hono layer, with Hono's own semantics.
 *
 * Each layer of Hono's `compose` is an `async` frame with its own `await` and `try`, whether the
 * middleware does anything after `next()` or not. The pipeline has a dozen cross-cutting steps
 * that mostly only look at the request and hand on; as separate layers their frames cost more
 * than their work (`npm run bench:server`). `chain` calls them in order without frames of its
 * own: a middleware that returns `next()` hands on the very same promise.
 *
 * What `compose` guarantees is kept, so each middleware behaves as it would as its own layer:
 * - an `Error` thrown (or rejected) by a member is turned into a response by `onError` at that
 *   member, so the members around it still run their after-`next()` code and see that response;
 * - a `Response` returned by a member (a CORS preflight, say) becomes `c.res`;
 * - anything thrown that is not an `Error` is rethrown, as `compose` does.
 *
 * Written here because Hono exports no such combinator (`hono/combine`'s `every` is built on
 * `compose` itself, frames included).
 */
import type { Context, Env, ErrorHandler, MiddlewareHandler } from 'hono'

/**
 * @example app.use('*', chain(onError, metricsTimer(m), requestId({ logger })))
 */
export const chain = <E extends Env>(
  onError: ErrorHandler<E>,
  ...middleware: MiddlewareHandler<E>[]
): MiddlewareHandler<E> => {
  if (middleware.length === 0) throw new Error('chain: no middleware given')
  const count = middleware.length
  return function chain(c, next) {
    const settle = (error: unknown): Promise<void> => {
      if (!(error instanceof Error)) return Promise.reject(error)
      c.error = error
      return Promise.resolve(onError(error, c as Context<E>)).then((res) => {
        c.res = res
      })
    }
    const adopt = (res: unknown): void => {
      if (res instanceof Response && !c.finalized) c.res = res
    }
    const run = (i: number): Promise<void> => {
      if (i === count) return next()
      let inner: Promise<void> | undefined
      // As in `compose`: `next()` always returns a promise, and only once.
      const proceed = (): Promise<void> => {
        if (inner !== undefined) return Promise.reject(new Error('next() called multiple times'))
        try {
          inner = run(i + 1)
        } catch (error) {
          inner = Promise.reject(error)
        }
        return inner
      }
      let result: unknown
      try {
        result = middleware[i]!(c, proceed)
      } catch (error) {
        return settle(error)
      }
      // Handed on untouched: nothing of this member is left to run.
      if (inner !== undefined && result === inner) return inner
      if (result instanceof Promise) return result.then(adopt, settle)
      adopt(result)
      return inner ?? Promise.resolve()
    }
    return run(0)
  }
}
