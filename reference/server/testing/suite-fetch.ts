/**
 * @module Watches HTTP traffic for the whole-suite secrets-in-logs check: wraps the global `fetch`
 * of every test worker (`secrets-vitest-setup.ts`) and each test app's `app.fetch`
 * (`test-app.ts`, which `app.request` goes through too), so the secrets that requests send and
 * JSON responses return are recorded (`suite-capture.ts`, found by `secret-extraction.ts`).
 *
 * The wrappers only look: the call goes through unchanged and at once, nothing they do can throw
 * into a test, and bodies are read from clones in the background ({@link settleObservations}
 * waits for those reads at the end of each test file). Requests that arrive over a socket are
 * read by the client side's wrapper; the app's wrapper reads only their URL and headers, as
 * cloning them would take @hono/node-server off its fast path.
 */
import { captureEnabled } from './config/capture-env.ts'
import { captureSecrets } from './suite-capture.ts'
import {
  issuedCredentials,
  secretsInAuthorization,
  secretsInBody,
  secretsInUrl,
  type FoundSecret,
} from './secret-extraction.ts'

const pending = new Set<Promise<void>>()

type Keep = (secrets: FoundSecret[]) => FoundSecret[]
const all: Keep = (secrets) => secrets

const inBackground = (work: () => Promise<FoundSecret[]>, keep: Keep) => {
  const done: Promise<void> = work().then(
    (secrets) => captureSecrets(keep(secrets)),
    () => undefined,
  )
  pending.add(done)
  void done.finally(() => pending.delete(done))
}

/** Waits (at most `timeoutMs`) for the body reads still under way. */
export const settleObservations = async (timeoutMs = 2000) => {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    Promise.allSettled([...pending]),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ])
  clearTimeout(timer)
}

const quietly = (look: () => void) => {
  try {
    look()
  } catch {
    // An observer never changes what the test sees, not even by failing.
  }
}

const BODY_TYPES = /json|x-www-form-urlencoded/i

type RequestLike = Pick<Request, 'url' | 'headers' | 'body' | 'clone'>

const isRequest = (input: unknown): input is RequestLike =>
  typeof input === 'object' && input !== null && !(input instanceof URL) && 'headers' in input

/** URL and `Authorization` now; with `readBody`, a JSON or form body from a clone. */
const observeRequest = (request: RequestLike, via: string, readBody: boolean, keep = all) => {
  captureSecrets(
    keep([
      ...secretsInUrl(request.url, `${via} url`),
      ...secretsInAuthorization(
        request.headers.get('authorization'),
        `${via} header authorization`,
      ),
    ]),
  )
  const type = request.headers.get('content-type')
  if (!readBody || type === null || !BODY_TYPES.test(type) || request.body === null) return
  const copy = request.clone()
  inBackground(async () => secretsInBody(await copy.text(), type, `${via} body`), keep)
}

/** A JSON response's secret fields, and secret parameters of a `Location` it redirects to. */
const observeResponse = (response: Response, via: string, keep = all) => {
  const location = response.headers.get('location')
  if (location !== null) captureSecrets(keep(secretsInUrl(location, `${via} location`)))
  const type = response.headers.get('content-type')
  if (type === null || !/json/i.test(type) || response.body === null) return
  const copy = response.clone()
  inBackground(async () => secretsInBody(await copy.text(), type, `${via} response`), keep)
}

const observeResult = <R extends Response | Promise<Response>>(
  result: R,
  via: string,
  keep = all,
): R => {
  // Duck-typed: after a `listen`, @hono/node-server's own Response class may be the global one.
  if (typeof (result as Partial<Promise<Response>>).then !== 'function')
    quietly(() => observeResponse(result as Response, via, keep))
  else
    void (result as Promise<Response>).then(
      (response) => quietly(() => observeResponse(response, via, keep)),
      () => undefined,
    )
  return result
}

/** What `fetch(input, init)` sends, without touching a stream body the call still needs. */
const observeCall = (input: RequestInfo | URL, init: RequestInit | undefined, via: string) => {
  const base = isRequest(input) ? input : undefined
  const headers = new Headers(base?.headers)
  new Headers(init?.headers).forEach((value, name) => headers.set(name, value))
  captureSecrets([
    ...secretsInUrl(base?.url ?? String(input), `${via} url`),
    ...secretsInAuthorization(headers.get('authorization'), `${via} header authorization`),
  ])
  const body = init?.body
  if (typeof body === 'string')
    captureSecrets(secretsInBody(body, headers.get('content-type'), `${via} body`))
  else if (body instanceof URLSearchParams)
    captureSecrets(secretsInBody(String(body), 'application/x-www-form-urlencoded', `${via} body`))
  else if (body === undefined && base !== undefined) observeRequest(base, via, true)
}

const WATCHED = Symbol.for('blueround.suite-fetch.watched')

/** The global `fetch`, watched: returned as it is when capture is off or it is watched already. */
export const watchFetch = (inner: typeof fetch): typeof fetch => {
  if (WATCHED in inner || !captureEnabled()) return inner
  const watched = (input: RequestInfo | URL, init?: RequestInit) => {
    quietly(() => observeCall(input, init, 'fetch'))
    return observeResult(inner(input, init), 'fetch')
  }
  return Object.assign(watched, { [WATCHED]: true }) as typeof fetch
}

/** What an app's traffic counts as secrets: all of {@link secretsInJson}'s, or credentials only. */
export type WatchedTraffic = 'all' | 'issued-credentials'

/**
 * An app's `fetch` handler, watched. A request built in process (by `app.request` or a test) is
 * a plain `Request`, whose prototype has its own `constructor`; @hono/node-server's lightweight
 * requests (from a socket) inherit theirs, and only their URL and headers are read.
 * `issued-credentials` is for the route fuzzer, whose `password` and `token` fields carry hostile
 * strings that its other cases put in logged paths: it keeps only `brk_…`, JWTs and the like.
 */
export const watchAppFetch = <A extends unknown[]>(
  inner: (request: Request, ...rest: A) => Response | Promise<Response>,
  traffic: WatchedTraffic = 'all',
): ((request: Request, ...rest: A) => Response | Promise<Response>) => {
  if (!captureEnabled()) return inner
  const keep = traffic === 'all' ? all : issuedCredentials
  return (request, ...rest) => {
    const inProcess = Object.hasOwn(Object.getPrototypeOf(request) as object, 'constructor')
    quietly(() => observeRequest(request, 'app request', inProcess, keep))
    const result = inner(request, ...rest)
    return inProcess ? observeResult(result, 'app request', keep) : result
  }
}
