/**
 * @module Request plans: for one operation, a fast-check arbitrary of requests that are valid,
 * malformed, mistyped, huge, unicode-laden, missing or extra fields, with bad path and query
 * parameters, a bad `Content-Type`, duplicated or forged headers, or injection strings anywhere.
 * A plan names real ids by index; the runner resolves them against the live database.
 */
import fc from 'fast-check'
import {
  INJECTION_STRINGS,
  UNICODE_STRINGS,
  anyJsonValue,
  hostileString,
  hugeString,
} from './hostile-values.ts'
import type { FuzzOperation, JsonSchema } from './openapi-operations.ts'
import { arbitraryFor } from './schema-arbitrary.ts'

export const MUTATIONS = [
  'valid',
  'malformed-json',
  'wrong-types',
  'missing-fields',
  'extra-fields',
  'huge',
  'oversized-body',
  'unicode',
  'injection',
  'bad-path',
  'bad-query',
  'bad-content-type',
  'headers',
  'credentials',
  'wrong-method',
] as const
export type Mutation = (typeof MUTATIONS)[number]

/** A path parameter: a real id (the n-th existing row) or a literal (possibly raw, unencoded). */
export type PathValue = { real: number } | { literal: string; raw: boolean }

export interface RequestPlan {
  operation: FuzzOperation
  mutation: Mutation
  method: string
  path: Record<string, PathValue>
  query: Array<[string, string]>
  /** Header pairs in order; a repeated name is sent twice. `$key` stands for the valid API key. */
  headers: Array<[string, string]>
  body: string | undefined
}

const BINARY_GARBAGE = fc.string({ unit: 'binary', maxLength: 60 })

const SHORT_LITERAL = fc
  .string({ maxLength: 30 })
  .map((literal): PathValue => ({ literal, raw: false }))

/** Raw path segments a real client can send that `encodeURIComponent` would never produce. */
const RAW_SEGMENTS = ['%ZZ', '%', '..', '%2e%2e', 'a%2Fb', '%ED%A0%80', '%00', '%C0%AF', '.']

const FORGED_HEADERS: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  fc.constant<Array<[string, string]>>([['authorization', 'Bearer garbage']]),
  fc.constant<Array<[string, string]>>([['x-forwarded-for', '1.2.3.4, 10.0.0.1']]),
  fc.constant<Array<[string, string]>>([['x-real-ip', '127.0.0.1']]),
  fc.constant<Array<[string, string]>>([['host', 'evil.example']]),
  fc.constant<Array<[string, string]>>([['origin', 'https://evil.example']]),
  fc.constant<Array<[string, string]>>([['x-http-method-override', 'DELETE']]),
  fc.constant<Array<[string, string]>>([['accept', 'application/vnd.blueround.v9+json']]),
  fc.constant<Array<[string, string]>>([['accept', '*/*;q=abc, application/vnd.blueround.v']]),
  fc.constant<Array<[string, string]>>([['content-length', '99999999']]),
  fc.constant<Array<[string, string]>>([['transfer-encoding', 'chunked']]),
  fc.constant<Array<[string, string]>>([['x-organization-id', 'org_someoneelse']]),
  fc.constant<Array<[string, string]>>([['x-fault-status', 'abc']]),
  fc.constant<Array<[string, string]>>([['x-fault-delay-ms', '-5']]),
  hostileString.map((v): Array<[string, string]> => [['x-request-id', v]]),
  hostileString.map((v): Array<[string, string]> => [['idempotency-key', v]]),
  hostileString.map((v): Array<[string, string]> => [['x-forwarded-for', v]]),
  hostileString.map((v): Array<[string, string]> => [['accept', v]]),
)

/** Forged or broken credentials (the valid key is `$key`). */
const CREDENTIALS: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  fc.constant<Array<[string, string]>>([]),
  fc.constant<Array<[string, string]>>([['authorization', '$key']]),
  fc.constant<Array<[string, string]>>([['authorization', 'Basic YWRtaW46YWRtaW4=']]),
  fc.constant<Array<[string, string]>>([['authorization', 'Bearer']]),
  fc.constant<Array<[string, string]>>([
    ['authorization', 'Bearer brk_aaaaaaaa_' + 'x'.repeat(40)],
  ]),
  fc.constant<Array<[string, string]>>([
    ['authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
  ]),
  fc.constant<Array<[string, string]>>([['authorization', 'Bearer a.b.c']]),
  fc.constant<Array<[string, string]>>([
    ['authorization', '$key'],
    ['authorization', 'Bearer garbage'],
  ]),
  hostileString.map((v): Array<[string, string]> => [['authorization', `Bearer ${v}`]]),
)

const BAD_CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/json, text/plain',
  'APPLICATION/JSON',
  ';;;',
  'application/json; boundary="',
]

/** Bodies just over the default 1 MiB cap, built once (stringifying megabytes per case is slow). */
const OVERSIZED_BODIES = ['a', '😀'].map((c) =>
  JSON.stringify({ name: c.repeat(1_200_000 / c.length) }),
)

const bodyArbitrary = (schema: JsonSchema, hostile: boolean) =>
  arbitraryFor(schema, { hostile }).map((value) => value as Record<string, unknown>)

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Replaces the value at a random top-level key (or the whole body) with `replacement`. */
const replaceField = (body: unknown, pick: number, replacement: unknown): unknown => {
  if (!isObject(body) || Object.keys(body).length === 0) return replacement
  const keys = Object.keys(body)
  return { ...body, [keys[pick % keys.length]!]: replacement }
}

/** The JSON body of a plan, per mutation. */
const jsonBody = (schema: JsonSchema, mutation: Mutation): fc.Arbitrary<string | undefined> => {
  const valid = bodyArbitrary(schema, false)
  const str = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v))
  switch (mutation) {
    case 'malformed-json':
      return fc.oneof(
        fc.tuple(str(valid), fc.nat()).map(([s, n]) => s.slice(0, n % Math.max(1, s.length))),
        fc.constantFrom('{', '{"a":}', "{'a':1}", '[1,2', 'nul', '{"a":1}}', '\uFEFF{}', ''),
        BINARY_GARBAGE,
        str(valid).map((s) => `${s}garbage`),
        fc.constant(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
      )
    case 'wrong-types':
      return str(
        fc.oneof(
          fc.tuple(valid, fc.nat(), anyJsonValue).map(([b, n, v]) => replaceField(b, n, v)),
          anyJsonValue,
        ),
      )
    case 'missing-fields':
      return fc.oneof(
        fc.constant('{}'),
        fc.tuple(valid, fc.nat()).map(([b, n]) => {
          if (!isObject(b)) return JSON.stringify(b)
          const keys = Object.keys(b)
          const { [keys[n % Math.max(1, keys.length)] ?? '']: _dropped, ...rest } = b
          return JSON.stringify(rest)
        }),
        fc.constant(undefined),
      )
    case 'extra-fields':
      return str(
        fc
          .tuple(
            valid,
            fc.constantFrom('__proto__', 'constructor', 'id', 'organization_id', 'role', 'x'),
            anyJsonValue,
          )
          .map(([b, k, v]) => (isObject(b) ? { ...b, [k]: v } : b)),
      )
    case 'huge':
      return str(fc.tuple(valid, fc.nat(), hugeString).map(([b, n, h]) => replaceField(b, n, h)))
    case 'oversized-body':
      return fc.constantFrom(...OVERSIZED_BODIES)
    case 'unicode':
      return str(
        fc
          .tuple(valid, fc.nat(), fc.constantFrom(...UNICODE_STRINGS))
          .map(([b, n, u]) => replaceField(b, n, u)),
      )
    case 'injection':
      return str(bodyArbitrary(schema, true)).chain((s) =>
        fc
          .tuple(fc.constant(s), fc.constantFrom(...INJECTION_STRINGS), fc.nat())
          .map(([b, inj, n]) => {
            const parsed = JSON.parse(b) as unknown
            return JSON.stringify(replaceField(parsed, n, inj))
          }),
      )
    default:
      return str(bodyArbitrary(schema, mutation !== 'valid'))
  }
}

const encodedString = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '')

/**
 * The arbitrary of request plans for one operation: every mutation equally likely. Built once
 * per operation (building arbitraries per case would dominate the run time).
 */
export const requestPlan = (operation: FuzzOperation): fc.Arbitrary<RequestPlan> =>
  fc.oneof(...MUTATIONS.map((mutation) => planFor(operation, mutation)))

const planFor = (operation: FuzzOperation, mutation: Mutation): fc.Arbitrary<RequestPlan> => {
  {
    const pathParams = operation.parameters.filter((p) => p.in === 'path')
    const queryParams = operation.parameters.filter((p) => p.in === 'query')
    const headerParams = operation.parameters.filter((p) => p.in === 'header')
    const hostileParams = mutation === 'bad-path' || mutation === 'injection'
    const path = fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          hostileParams
            ? fc.oneof(
                hostileString.map((literal): PathValue => ({ literal, raw: false })),
                fc
                  .constantFrom(...RAW_SEGMENTS)
                  .map((literal): PathValue => ({ literal, raw: true })),
              )
            : fc.oneof(
                { weight: 4, arbitrary: fc.nat().map((real): PathValue => ({ real })) },
                {
                  weight: 1,
                  arbitrary: SHORT_LITERAL,
                },
              ),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, PathValue>>
    const hostileQuery = mutation === 'bad-query' || mutation === 'injection'
    const query = fc
      .tuple(
        ...queryParams.map((p) =>
          fc.option(
            (hostileQuery ? fc.oneof(hostileString, anyJsonValue) : arbitraryFor(p.schema)).map(
              (v): [string, string] => [p.name, encodedString(v)],
            ),
            { nil: undefined, freq: 3 },
          ),
        ),
        hostileQuery
          ? fc.array(
              fc.tuple(
                fc.constantFrom('page', 'pageSize', 'name', 'q', 'x[]', 'a.b'),
                hostileString,
              ),
              { maxLength: 3 },
            )
          : fc.constant([] as Array<[string, string]>),
      )
      .map((parts) => {
        const extra = parts.pop() as Array<[string, string]>
        return [
          ...(parts as Array<[string, string] | undefined>).filter((p) => p !== undefined),
          ...extra,
        ]
      })
    const headerValues = fc.tuple(
      ...headerParams.map((p) =>
        fc.option(
          (mutation === 'headers' || mutation === 'injection' ? hostileString : fc.uuid()).map(
            (v): [string, string] => [p.name, v],
          ),
          { nil: undefined },
        ),
      ),
    )
    const credentials =
      mutation === 'credentials'
        ? CREDENTIALS
        : fc.constant<Array<[string, string]>>([['authorization', '$key']])
    const forged =
      mutation === 'headers' ? FORGED_HEADERS : fc.constant<Array<[string, string]>>([])
    const body =
      operation.body === undefined
        ? fc.constant(undefined)
        : operation.body.contentType === 'application/json'
          ? jsonBody(operation.body.schema, mutation)
          : formBody(operation.body.schema, mutation)
    const contentType =
      operation.body === undefined
        ? fc.constant(undefined)
        : mutation === 'bad-content-type'
          ? fc.constantFrom(...BAD_CONTENT_TYPES)
          : fc.constant(operation.body.contentType)
    const method =
      mutation === 'wrong-method'
        ? fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'POST', 'GET')
        : fc.constant(operation.method)
    return fc
      .record({ path, query, headerValues, credentials, forged, body, contentType, method })
      .map((r): RequestPlan => {
        const headers: Array<[string, string]> = [...r.credentials]
        for (const h of r.headerValues) if (h !== undefined) headers.push(h)
        if (r.contentType !== undefined) headers.push(['content-type', r.contentType])
        if (mutation === 'headers' && r.contentType !== undefined)
          headers.push(['content-type', 'text/plain'])
        headers.push(...r.forged)
        const bodyless = r.method === 'GET' || r.method === 'HEAD'
        return {
          operation,
          mutation,
          method: r.method,
          path: r.path,
          query: r.query,
          headers,
          body: bodyless ? undefined : r.body,
        }
      })
  }
}

/** Form bodies (the OAuth endpoints): fields from the schema, hostile per mutation. */
const formBody = (schema: JsonSchema, mutation: Mutation): fc.Arbitrary<string | undefined> => {
  const fields = bodyArbitrary(schema, mutation !== 'valid')
  if (mutation === 'malformed-json') return fc.constantFrom('%', '&&&', '=a=b', '%E0%A4%A', 'a=%ZZ')
  if (mutation === 'oversized-body') return fc.constant(`token=${'a'.repeat(1_200_000)}`)
  return fields.map((f) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(isObject(f) ? f : {})) params.append(k, encodedString(v))
    if (mutation === 'extra-fields') params.append('grant_type', 'client_credentials')
    return params.toString()
  })
}
