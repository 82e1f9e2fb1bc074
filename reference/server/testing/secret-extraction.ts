/**
 * @module Finds the secrets in what a test sends and receives: the `Authorization` header, secret
 * query parameters of URLs (`?token=`, `?secret=`, …), and fields of JSON or form bodies whose
 * name says secret (`password`, `*token`, `*secret`, `key`, `apiKey`, `otp`, `*signature`), plus
 * any string shaped like one of the server's credentials (`brk_`, `brs_`, `brt_`, `whsec_`, a JWT)
 * whatever its field. Pure functions; `suite-capture.ts` records what they find for the
 * whole-suite secrets-in-logs check (`scripts/check-secrets-in-logs.ts`).
 *
 * Only values of at least {@link MIN_SECRET_LENGTH} characters count: shorter ones (a 6-digit
 * one-time password, a deliberately short password in a validation test) would match unrelated
 * text in the logs by chance.
 */

export interface FoundSecret {
  /** What it is: `api-key`, `access-token`, `password`, … (named by shape, else by field). */
  kind: string
  value: string
  /** Where it was seen, e.g. `request header authorization`, `response field refresh_token`. */
  via: string
}

export const MIN_SECRET_LENGTH = 8

/** Credential shapes the server issues, recognised wherever they appear. */
const SHAPES: Array<[RegExp, string]> = [
  [/^brk_[a-z0-9]+_[\w-]+$/, 'api-key'],
  [/^brs_[a-z0-9]+_[\w-]+$/, 'supplier-key'],
  [/^brt_[\w-]+$/, 'refresh-token'],
  [/^whsec_[\w-]+$/, 'webhook-secret'],
  [/^eyJ[\w-]*\.[\w-]*\.[\w-]+$/, 'jwt'],
]

const normalise = (name: string) => name.toLowerCase().replaceAll(/[^a-z0-9]/g, '')

/** The kind a field name gives its value, or `undefined` when the name is not a secret's. */
export const kindOfField = (name: string): string | undefined => {
  const n = normalise(name)
  if (n.endsWith('password') || n.endsWith('passphrase')) return 'password'
  if (n === 'accesstoken' || n === 'idtoken') return 'access-token'
  if (n === 'refreshtoken') return 'refresh-token'
  if (n.endsWith('token')) return 'token'
  if (n.endsWith('secret')) return 'secret'
  if (n === 'key' || n.endsWith('apikey') || n.endsWith('signingkey') || n.endsWith('privatekey'))
    return 'key'
  if (n === 'otp' || n === 'sig' || n.endsWith('signature'))
    return n === 'otp' ? 'otp' : 'signature'
  return undefined
}

const shapeOf = (value: string): string | undefined =>
  SHAPES.find(([pattern]) => pattern.test(value))?.[1]

/** Only the secrets shaped like a credential the server issues (`brk_…`, a JWT, …). */
export const issuedCredentials = (secrets: FoundSecret[]): FoundSecret[] =>
  secrets.filter((secret) => shapeOf(secret.value) !== undefined)

/**
 * A secret (none when shorter than {@link MIN_SECRET_LENGTH}), named by its shape first (`brk_…`
 * is an API key whatever field holds it; a JWT keeps a specific field's name), else `fallback`.
 */
export const found = (value: string, fallback: string, via: string): FoundSecret[] => {
  if (value.length < MIN_SECRET_LENGTH) return []
  const shape = shapeOf(value)
  const kind = shape === 'jwt' && fallback !== 'token' && fallback !== 'key' ? fallback : shape
  return [{ kind: kind ?? fallback, value, via }]
}

const looksLikeUrl = (value: string) => /^(?:https?|wss?|otpauth):\/\/\S+\?/.test(value)

/** Secret query parameters of a URL (`?token=…`, `?secret=…`); anything else is ignored. */
export const secretsInUrl = (url: string, via = 'url'): FoundSecret[] => {
  let parsed: URL
  try {
    parsed = new URL(url, 'http://localhost')
  } catch {
    return []
  }
  return [...parsed.searchParams].flatMap(([name, value]) => {
    const kind = kindOfField(name) ?? shapeOf(value)
    return kind === undefined ? [] : found(value, kind, `${via} ?${name}=`)
  })
}

/** Walks a parsed JSON value; a field's name applies to the strings of an array it holds too. */
export const secretsInJson = (value: unknown, via: string, name = '', depth = 0): FoundSecret[] => {
  if (depth > 32) return []
  if (typeof value === 'string') {
    const kind = name === '' ? undefined : kindOfField(name)
    if (kind !== undefined) return found(value, kind, `${via} field ${name}`)
    const shape = shapeOf(value)
    if (shape !== undefined) return found(value, shape, `${via} field ${name || '(value)'}`)
    return looksLikeUrl(value) ? secretsInUrl(value, `${via} field ${name} url`) : []
  }
  if (Array.isArray(value))
    return value.flatMap((item) => secretsInJson(item, via, name, depth + 1))
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => secretsInJson(item, via, key, depth + 1))
  return []
}

/** `Authorization: Bearer …` (the credential) or `Basic …` (its password, and the pair). */
export const secretsInAuthorization = (header: string | null, via: string): FoundSecret[] => {
  if (header === null) return []
  const [scheme = '', credential = ''] = header.trim().split(/\s+/, 2)
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8')
    const password = decoded.slice(decoded.indexOf(':') + 1)
    return [...found(credential, 'basic-credentials', via), ...found(password, 'password', via)]
  }
  const bearer = scheme.toLowerCase() === 'bearer' ? credential : header.trim()
  return found(bearer, shapeOf(bearer) === 'jwt' ? 'access-token' : 'bearer-token', via)
}

/** A JSON or form-encoded body's secrets; other content types are not looked into. */
export const secretsInBody = (
  text: string,
  contentType: string | null,
  via: string,
): FoundSecret[] => {
  const type = contentType?.toLowerCase() ?? ''
  if (type.includes('application/x-www-form-urlencoded'))
    return secretsInJson(Object.fromEntries(new URLSearchParams(text)), via)
  if (!type.includes('json')) return []
  try {
    return secretsInJson(JSON.parse(text), via)
  } catch {
    return [] // malformed JSON on purpose (fuzzing, validation tests)
  }
}
