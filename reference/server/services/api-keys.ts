/**
 * @module API keys: issue, list, revoke, verify. Only a SHA-256 of the key and its 12-character
 * display prefix are stored; the key itself is returned once, at creation.
 * @see https://docs.blueround.com/api/about/
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto'
import { API_KEY_PATTERN } from '../config/index.ts'
import { createJsonMemo } from '../lib/json-memo.ts'
import { BusinessRuleError } from '../errors/business-rule-error.ts'
import { ForbiddenError } from '../errors/forbidden-error.ts'
import { InsufficientScopeError } from '../errors/insufficient-scope-error.ts'
import { NotFoundError } from '../errors/not-found-error.ts'
import { UnauthorizedError } from '../errors/unauthorized-error.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import type { ApiKeyCredential, ApiKeyRow, Store } from '../store/index.ts'
import type { CredentialCache } from './credential-cache.ts'
import {
  SCOPES,
  type BearerCredential,
  type CredentialVerifier,
  type Principal,
  type Scope,
} from './principal.ts'

const PREFIX_LENGTH = 12
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * SHA-256 hex of a token. Keys carry 192+ random bits, so a fast hash is enough here. One-shot
 * `crypto.hash`: no Hash object per call, on every authenticated request.
 */
export const sha256 = (value: string): string => hash('sha256', value, 'hex')

/** A new random key: `brk_` + 8 lowercase alphanumerics + `_` + 43 base64url characters. */
export const generateApiKey = (): string => {
  const bytes = randomBytes(8)
  let lookup = ''
  for (const byte of bytes) lookup += ALPHANUMERIC[byte % ALPHANUMERIC.length]
  return `brk_${lookup}_${randomBytes(32).toString('base64url')}`
}

/** The public shape of a key (never the secret). */
export interface ApiKeyView {
  id: string
  name: string
  prefix: string
  scopes: Scope[]
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

export const toApiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: JSON.parse(row.scopes) as Scope[],
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
})

export interface CreateApiKeyInput {
  name: string
  scopes?: Scope[] | undefined
  expiresAt?: string | undefined
}

/** Domain operations on API keys, always scoped to the caller's organization. */
export const createApiKeyService = (store: Store, clock: Clock, credentials?: CredentialCache) => {
  const nowIso = () => new Date(clock.now()).toISOString()

  /** Stores a key (given or generated) for a user; returns the row and the secret. */
  const issue = async (
    owner: { organizationId: string; userId: string },
    input: { name: string; scopes: Scope[]; expiresAt: string | null; key?: string },
  ): Promise<{ row: ApiKeyRow; key: string }> => {
    const key = input.key ?? generateApiKey()
    const row = await store.apiKeys.create({
      id: newId('key'),
      organization_id: owner.organizationId,
      user_id: owner.userId,
      name: input.name,
      prefix: key.slice(0, PREFIX_LENGTH),
      key_hash: sha256(key),
      scopes: JSON.stringify(input.scopes),
      created_at: nowIso(),
      expires_at: input.expiresAt,
      revoked_at: null,
    })
    return { row, key }
  }

  return {
    issue,

    /** Creates a key for the caller. Scopes cannot exceed the caller's own. */
    async create(caller: Principal, input: CreateApiKeyInput) {
      const scopes = input.scopes ?? ['read', 'write']
      const missing = scopes.filter((s) => !caller.scopes.includes(s))
      if (missing.length > 0)
        throw new InsufficientScopeError(
          `Cannot grant scopes you do not hold: ${missing.join(', ')}`,
        )
      if (scopes.includes('admin') && caller.user.role !== 'admin')
        throw new ForbiddenError('Only admins can create keys with the admin scope')
      if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= clock.now())
        throw new BusinessRuleError('expiresAt must be in the future', {
          details: [{ field: 'expiresAt', message: 'must be in the future' }],
        })
      const { row, key } = await issue(
        { organizationId: caller.organizationId, userId: caller.user.id },
        { name: input.name, scopes, expiresAt: input.expiresAt ?? null },
      )
      return { ...toApiKeyView(row), key }
    },

    async list(caller: Principal, page: number, pageSize: number) {
      const { rows, total } = await store.apiKeys.list(caller.organizationId, {
        offset: (page - 1) * pageSize,
        limit: pageSize,
      })
      return { items: rows.map(toApiKeyView), total }
    },

    /** Another organization's key answers exactly like a missing one. */
    async get(caller: Principal, id: string) {
      const row = await store.apiKeys.findById(caller.organizationId, id)
      if (row === undefined) throw new NotFoundError('API key not found')
      return toApiKeyView(row)
    },

    async revoke(caller: Principal, id: string) {
      const row = await store.apiKeys.findById(caller.organizationId, id)
      if (row === undefined) throw new NotFoundError('API key not found')
      if (row.revoked_at === null) {
        await store.apiKeys.revoke(caller.organizationId, id, nowIso())
        // After the write: a lookup racing with it can only have cached a now-stale entry.
        await credentials?.invalidate()
      }
      const after = await store.apiKeys.findById(caller.organizationId, id)
      return toApiKeyView(after ?? row)
    },
  }
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>

/**
 * The API key credential verifier: looks the key up by prefix (one indexed query joined with the
 * user and organization) and compares SHA-256 digests in constant time.
 */
export const createApiKeyVerifier = (
  store: Store,
  clock: Clock,
  credentials?: CredentialCache,
): CredentialVerifier => {
  // The stored JSON scope list, parsed and filtered once per key (and again if it changes);
  // the array is shared, so it is frozen.
  const scopesOf = createJsonMemo<Scope[]>(
    10_000,
    (parsed) =>
      Object.freeze(
        (parsed as string[]).filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)),
      ) as Scope[],
  )
  /** The principal of a verified key's credential; throws if it was revoked or has expired. */
  const principalOf = (found: ApiKeyCredential): Principal => {
    if (found.key.revoked_at !== null) throw new UnauthorizedError('API key has been revoked')
    if (found.key.expires_at !== null && Date.parse(found.key.expires_at) <= clock.now())
      throw new UnauthorizedError('API key has expired')
    return {
      kind: 'api_key',
      credentialId: found.key.id,
      scopes: scopesOf(found.key.id, found.key.scopes),
      user: found.user,
      organization: found.organization,
      organizationId: found.organization.id,
    }
  }
  /** Looks the key up by prefix (one indexed query) and compares digests in constant time. */
  const lookUp = async ({ token, tokenHash }: BearerCredential): Promise<Principal> => {
    const prefix = token.slice(0, PREFIX_LENGTH)
    const generation = await credentials?.generation()
    const found = await store.apiKeys.findCredentialByPrefix(prefix)
    const expected = Buffer.from(found?.key.key_hash ?? '0'.repeat(64), 'hex')
    const actual = Buffer.from(tokenHash, 'hex')
    const matches = timingSafeEqual(expected, actual)
    if (found === undefined || !matches) throw new UnauthorizedError('Invalid API key')
    if (found.key.revoked_at === null && generation !== undefined)
      await credentials?.put(tokenHash, found, generation)
    return principalOf(found)
  }
  return {
    name: 'api_key',
    // Not `async`: a key verified before is answered from the credential cache synchronously
    // where the cache is in this process (`CredentialCache.peek`).
    verify(bearer) {
      if (!API_KEY_PATTERN.test(bearer.token)) return undefined
      // A hit is keyed by the SHA-256 of the whole key, so it is a key verified before.
      const cached = credentials?.peek(bearer.tokenHash)
      if (cached !== undefined) return principalOf(cached)
      return credentials === undefined
        ? lookUp(bearer)
        : credentials
            .get(bearer.tokenHash)
            .then((hit) => (hit === undefined ? lookUp(bearer) : principalOf(hit)))
    },
  }
}
