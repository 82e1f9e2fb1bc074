/**
 * @module The documented error codes, read from `docs/api/errors.md` (the page is the spec), and
 * the checks every fuzzed response must pass: the error envelope with a documented code and
 * status, or on `/oauth/*` the RFC 6749 §5.2 body with a documented `error`.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ERRORS_PAGE = fileURLToPath(new URL('../../../docs/api/errors.md', import.meta.url))

/** `code → statuses` from the page's table rows like `|    413 | \`PAYLOAD_TOO_LARGE\` | …`. */
export const documentedErrorCodes = (page = readFileSync(ERRORS_PAGE, 'utf8')) => {
  const codes = new Map<string, Set<number>>()
  for (const match of page.matchAll(/^\|\s*(\d{3})\s*\|\s*`([A-Z_]+)`\s*\|/gm)) {
    const [, status, code] = match as unknown as [string, string, string]
    codes.set(code, (codes.get(code) ?? new Set()).add(Number(status)))
  }
  return codes
}

/** RFC 6749 §5.2 and RFC 6750 §3.1 codes the token endpoints document. */
export const OAUTH_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_scope',
  'mfa_required',
  'invalid_token',
])

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Why an error body is not the documented envelope, or `undefined` when it is. */
export const envelopeProblem = (
  body: unknown,
  status: number,
  documented: Map<string, Set<number>>,
  requestId: string | null,
): string | undefined => {
  if (!isRecord(body) || body.success !== false) return 'not an error envelope'
  const error = body.error
  const meta = body.meta
  if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string')
    return 'error.code or error.message missing'
  if (!isRecord(meta) || typeof meta.timestamp !== 'string' || typeof meta.requestId !== 'string')
    return 'meta.timestamp or meta.requestId missing'
  if (requestId !== null && meta.requestId !== requestId)
    return `meta.requestId ${meta.requestId} differs from X-Request-ID ${requestId}`
  const statuses = documented.get(error.code)
  if (statuses === undefined) return `undocumented code ${error.code}`
  if (!statuses.has(status)) return `code ${error.code} with undocumented status ${status}`
  if (error.details !== undefined) {
    if (!Array.isArray(error.details)) return 'error.details is not a list'
    for (const d of error.details)
      if (!isRecord(d) || typeof d.field !== 'string' || typeof d.message !== 'string')
        return 'error.details entry is not { field, message }'
  }
  return undefined
}

/** Why an OAuth error body is not RFC 6749 §5.2, or `undefined`. */
export const oauthProblem = (body: unknown): string | undefined => {
  if (!isRecord(body) || typeof body.error !== 'string') return 'not an OAuth error body'
  if (!OAUTH_ERROR_CODES.has(body.error)) return `undocumented OAuth error ${body.error}`
  if (body.error_description !== undefined && typeof body.error_description !== 'string')
    return 'error_description is not a string'
  return undefined
}
