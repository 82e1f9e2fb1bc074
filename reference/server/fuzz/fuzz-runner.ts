/**
 * @module Runs the route fuzzer: the real app in-process (`app.request`) with a valid API key,
 * every operation of its OpenAPI document, and four properties checked on every case:
 * no 5xx unless injected; every error is the documented envelope with a documented code (and
 * every response carries the security headers); a `name` filter matches literally, so SQL `LIKE`
 * wildcards in it are inert; a rejected request writes no row; and the app
 * still answers `/health` and `/v1/me` afterwards.
 */
import fc from 'fast-check'
import { sql } from 'kysely'
import { newId } from '../lib/ids.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { documentedErrorCodes, envelopeProblem, oauthProblem } from './documented-errors.ts'
import { fuzzOperations, type FuzzOperation } from './openapi-operations.ts'
import { requestPlan, type RequestPlan } from './request-plan.ts'

export interface FuzzOptions {
  runs: number
  seed?: number
  /** Keep going after a violation and list them all (exploration), instead of shrinking one. */
  collect?: boolean
}

export interface FuzzReport {
  runs: number
  seed: number
  operations: number
  statuses: Record<string, number>
  serverErrors: number
  injectedErrors: number
  violations: string[]
  healthyAfter: boolean
  /** Log lines that contain the fuzzer's API key (must be 0). */
  secretsInLogs: number
  ms: number
}

/** Operations the fuzzer leaves alone: the fault injector itself would make 5xx on purpose. */
const SKIPPED = new Set(['PUT /dev/faults'])

/** Which table holds the ids a path segment names (`/v1/products/{id}` → products). */
const TABLE_OF_SEGMENT: Record<string, string> = {
  'api-keys': 'api_keys',
  users: 'users',
  products: 'products',
  suppliers: 'suppliers',
  orders: 'orders',
  shipments: 'shipments',
}

/** `table=count` for every table, in one query. */
const rowCounts = async (t: TestApp, tables: string[]): Promise<string> => {
  const selects = tables.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(', ')
  const result = await sql.raw<Record<string, number>>(`SELECT ${selects}`).execute(t.store.db)
  return Object.entries(result.rows[0] ?? {})
    .map(([name, count]) => `${name}=${count}`)
    .join(',')
}

/** The entries of two `rowCounts` results that differ. */
const countDiff = (before: string, after: string): string => {
  const old = new Set(before.split(','))
  return after
    .split(',')
    .filter((entry) => !old.has(entry))
    .join(', ')
}

/** Turns a plan into a URL, resolving real ids against the live tables. */
const materialise = async (t: TestApp, plan: RequestPlan, protectedIds: Set<string>) => {
  let url = plan.operation.path
  for (const [name, value] of Object.entries(plan.path)) {
    let segment: string
    if ('real' in value) {
      const resource = plan.operation.path.split('/').find((s) => TABLE_OF_SEGMENT[s] !== undefined)
      const table = TABLE_OF_SEGMENT[resource ?? ''] ?? 'products'
      const rows = await sql
        .raw<{ id: string }>(`SELECT id FROM "${table}" ORDER BY id`)
        .execute(t.store.db)
      const ids = rows.rows.map((r) => r.id).filter((id) => !protectedIds.has(id))
      segment = ids.length === 0 ? newId('usr') : ids[value.real % ids.length]!
    } else if (value.raw) segment = value.literal
    else {
      try {
        segment = encodeURIComponent(value.literal)
      } catch {
        segment = '%ED%A0%80' // a lone surrogate as a client would put it on the wire
      }
    }
    url = url.replace(`{${name}}`, segment)
  }
  if (plan.query.length > 0) url += `?${new URLSearchParams(plan.query).toString()}`
  return url
}

/** SQLite's `lower()` folds ASCII only; the filter is documented as case-insensitive that way. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

/**
 * A `name` filter on a list is a literal substring match: `%`, `_` and `\` are not wildcards.
 * Returns why a 200 list answer breaks that, or `undefined`.
 */
const likeFilterProblem = (plan: RequestPlan, text: string): string | undefined => {
  const name = plan.query.find(([key]) => key === 'name')?.[1]
  if (name === undefined || !plan.operation.parameters.some((p) => p.name === 'name')) return
  const items = (JSON.parse(text) as { data?: unknown }).data
  if (!Array.isArray(items)) return
  for (const item of items as Array<{ name?: unknown }>)
    if (typeof item.name === 'string' && !asciiLower(item.name).includes(asciiLower(name)))
      return `name filter ${JSON.stringify(name)} matched ${JSON.stringify(item.name)} (wildcard?)`
  return undefined
}

/** Header values as they arrive off the wire: UTF-8 bytes read as latin1, no CR, LF or NUL. */
const wireHeader = (value: string) =>
  Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, '')

const classifyStatus = (status: number) => `${status}`

export const runFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  const started = performance.now()
  const seed = options.seed ?? Date.now() % 2 ** 31
  // Its hostile strings are inputs, not secrets: the secrets-in-logs capture keeps only credentials.
  const t = await createTestApp({
    config: { rateLimitProfile: 'bench' },
    watchTraffic: 'issued-credentials',
  })
  const now = new Date(t.clock.now()).toISOString()
  // A second user, so `/users/{id}` has a target that is not the fuzzer's own admin.
  await t.store.users.create({
    id: newId('usr'),
    organization_id: t.acme.organization.id,
    email: 'member@acme.test',
    name: 'Acme member',
    role: 'member',
    password_hash: 'scrypt$test$not-a-real-hash',
    created_at: now,
  })
  // The fuzzer's own user and key must survive DELETE and PATCH cases.
  const protectedIds = new Set([t.acme.user.id, t.acme.keyId])
  const tables = (await t.store.db.introspection.getTables()).map((table) => table.name).sort()
  const documented = documentedErrorCodes()
  const operations = fuzzOperations(t.app).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`))
  const statuses: Record<string, number> = {}
  const violations: string[] = []
  let serverErrors = 0
  let injectedErrors = 0
  let cases = 0

  const check = async (plan: RequestPlan): Promise<string | undefined> => {
    cases += 1
    const url = await materialise(t, plan, protectedIds)
    const headers = new Headers()
    for (const [name, value] of plan.headers)
      headers.append(name, value === '$key' ? `Bearer ${t.acme.key}` : wireHeader(value))
    const before = await rowCounts(t, tables)
    const response = await t.app.request(url, {
      method: plan.method,
      headers,
      ...(plan.body === undefined ? {} : { body: plan.body }),
    })
    const status = response.status
    statuses[classifyStatus(status)] = (statuses[classifyStatus(status)] ?? 0) + 1
    const text = await response.text()
    const where = `${plan.mutation} ${plan.method} ${url.slice(0, 160)} → ${status}`
    if (response.headers.get('x-content-type-options') !== 'nosniff')
      return `${where}: security headers missing`
    if (status >= 500) {
      if (response.headers.get('x-fault-injected') !== null) injectedErrors += 1
      else {
        serverErrors += 1
        return `${where}: 5xx ${text.slice(0, 300)}`
      }
    }
    if (status === 200 && plan.method === 'GET') {
      const filter = likeFilterProblem(plan, text)
      if (filter !== undefined) return `${where}: ${filter}`
    }
    if (status >= 400) {
      const after = await rowCounts(t, tables)
      if (after !== before)
        return `${where}: rejected request wrote rows (now ${countDiff(before, after)})`
      if (plan.method === 'HEAD') return undefined
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return `${where}: error body is not JSON: ${text.slice(0, 200)}`
      }
      const oauth = plan.operation.path.startsWith('/oauth/') && url.startsWith('/oauth/')
      const envelope = envelopeProblem(
        parsed,
        status,
        documented,
        response.headers.get('x-request-id'),
      )
      if (envelope === undefined) return undefined
      if (oauth && oauthProblem(parsed) === undefined) return undefined
      return `${where}: ${envelope}: ${text.slice(0, 300)}`
    }
    return undefined
  }

  const property = fc.asyncProperty(
    fc.oneof(...operations.map((op: FuzzOperation) => requestPlan(op))),
    async (plan) => {
      const problem = await check(plan)
      if (problem === undefined) return
      if (options.collect === true) {
        if (violations.length < 200) violations.push(problem)
        return
      }
      throw new Error(problem)
    },
  )
  try {
    await fc.assert(property, { numRuns: options.runs, seed, endOnFailure: true })
  } catch (error) {
    violations.push(error instanceof Error ? error.message : String(error))
  }

  const health = await t.app.request('/health')
  const me = await t.app.request('/v1/me', { headers: t.acme.headers })
  const secretsInLogs = t.logs.filter((line) => JSON.stringify(line).includes(t.acme.key)).length
  await t.store.close()
  return {
    runs: cases,
    seed,
    operations: operations.length,
    statuses,
    serverErrors,
    injectedErrors,
    violations,
    healthyAfter: health.status === 200 && me.status === 200,
    secretsInLogs,
    ms: Math.round(performance.now() - started),
  }
}

/** One line per figure, for the test output and `npm run fuzz`. */
export const formatReport = (report: FuzzReport): string =>
  [
    `fuzz: ${report.runs} cases over ${report.operations} operations in ${report.ms} ms (seed ${report.seed})`,
    `fuzz: 5xx ${report.serverErrors} (injected ${report.injectedErrors}), violations ${report.violations.length}, healthy after: ${report.healthyAfter}, secrets in logs ${report.secretsInLogs}`,
    `fuzz: statuses ${JSON.stringify(report.statuses)}`,
  ].join('\n')
